import { t } from '../i18n/i18n.ts';
import { Users } from 'lucide-preact';
import { ControlLabel } from '../ui/ControlLabel.tsx';
import type { HostControls } from './create-host-controls.ts';
import '../i18n/later-texts.ts';

/** The host's toolbar button for the waiting room, with the number of guests waiting. */
export function WaitingButton({ host, open, onToggle }: { host: HostControls; open: boolean; onToggle: () => void }) {
  const count = host.waiting.value.length;
  return (
    <button
      type="button"
      class="control control--badged"
      aria-pressed={open}
      title={t('lobby.label')}
      data-action="waiting"
      onClick={onToggle}
    >
      <ControlLabel icon={Users} text={t('lobby.waiting')} />
      {count > 0 && (
        <>
          {' '}
          <span class="unread" data-testid="waiting-count">
            {count}
          </span>
          <span class="visually-hidden">{` ${t('lobby.guests', { count })}`}</span>
        </>
      )}
    </button>
  );
}

/** While the panel is closed: who knocked, with Admit at hand. */
export function WaitingNotice({ host, onOpen }: { host: HostControls; onOpen: () => void }) {
  const waiting = host.waiting.value;
  const first = waiting[0];
  if (!first) return null;
  const text = t('lobby.knocking', { name: first.name, count: waiting.length - 1 });
  return (
    <p class="room__notice" role="status" data-testid="waiting-notice">
      {text}{' '}
      <button
        type="button"
        class="button button--small button--primary"
        data-action="admit-first"
        onClick={() => void host.admit(first.id)}
      >
        {t('lobby.admitName', { name: first.name })}
      </button>{' '}
      <button type="button" class="button button--small" onClick={onOpen}>
        {t('lobby.seeAll')}
      </button>
    </p>
  );
}
