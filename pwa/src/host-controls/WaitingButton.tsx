import { Users } from 'lucide-preact';
import { ControlLabel } from '../ui/ControlLabel.tsx';
import type { HostControls } from './create-host-controls.ts';

/** The host's toolbar button for the waiting room, with the number of guests waiting. */
export function WaitingButton({ host, open, onToggle }: { host: HostControls; open: boolean; onToggle: () => void }) {
  const count = host.waiting.value.length;
  return (
    <button
      type="button"
      class="control control--badged"
      aria-pressed={open}
      title="Waiting room and meeting controls"
      data-action="waiting"
      onClick={onToggle}
    >
      <ControlLabel icon={Users} text="Waiting" />
      {count > 0 && (
        <>
          {' '}
          <span class="unread" data-testid="waiting-count">
            {count}
          </span>
          <span class="visually-hidden">{count === 1 ? ' guest' : ' guests'}</span>
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
  const text =
    waiting.length === 1 ? `${first.name} is waiting to join.` : `${first.name} and ${waiting.length - 1} more are waiting to join.`;
  return (
    <p class="room__notice" role="status" data-testid="waiting-notice">
      {text}{' '}
      <button
        type="button"
        class="button button--small button--primary"
        data-action="admit-first"
        onClick={() => void host.admit(first.id)}
      >
        Admit {first.name}
      </button>{' '}
      <button type="button" class="button button--small" onClick={onOpen}>
        See all
      </button>
    </p>
  );
}
