import { t } from '../i18n/i18n.ts';
import { useEffect, useRef } from 'preact/hooks';
import './lobby.css';
import type { HostControls } from './create-host-controls.ts';
import '../i18n/later-texts.ts';

/** The host's panel: who waits (admit, decline), the lock, and ending the meeting for everyone. */
export function LobbyPanel({ host }: { host: HostControls }) {
  const waiting = host.waiting.value;
  const locked = host.locked.value;
  return (
    <section class="lobby-panel" aria-label={t('lobby.label')}>
      <h2>{t('room.panel.waiting')}</h2>
      {waiting.length === 0 ? (
        <p class="muted">{t('lobby.nobody')}</p>
      ) : (
        <ul class="lobby-panel__list">
          {waiting.map((w) => (
            <li key={w.id} class="waiter" data-waiter-id={w.id}>
              <span class="waiter__name">
                {w.name}
                {w.byPhone && <span class="muted"> {t('lobby.byPhone')}</span>}
                {w.removedBefore && <span class="muted"> {t('lobby.removedEarlier')}</span>}
              </span>
              <button type="button" class="button button--small button--primary" data-action="admit" onClick={() => void host.admit(w.id)}>
                {w.removedBefore ? t('lobby.letBackIn') : t('lobby.admit')}
              </button>
              <button type="button" class="button button--small" data-action="decline" onClick={() => void host.decline(w.id)}>
                {t('lobby.decline')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('lobby.meeting')}</h2>
      <label class="lobby-panel__lock">
        <input type="checkbox" checked={locked} data-action="lock" onChange={(e) => void host.setLocked(e.currentTarget.checked)} />
        {t('lobby.lock')}
      </label>
      <EndForEveryoneButton host={host} />
      {host.error.value && (
        <p class="form-error" role="alert">
          {host.error.value}
        </p>
      )}
    </section>
  );
}

/** "End call for everyone": asks first (the confirmation shows in the room, outside the toolbar's More). */
export function EndForEveryoneButton({ host }: { host: HostControls }) {
  return (
    <button type="button" class="control control--danger" data-action="end-for-all" onClick={() => host.askToEnd(true)}>
      {t('lobby.endForAll')}
    </button>
  );
}

/**
 * The confirmation, so a slip does not end a customer's call: a modal dialog (`showModal`), so focus
 * stays inside it (the rest of the page is inert) and starts on Cancel; Escape cancels; focus then goes
 * back to where it was.
 */
export function EndConfirm({ host }: { host: HostControls }) {
  if (!host.confirmingEnd.value) return null;
  return <EndConfirmDialog host={host} />;
}

function EndConfirmDialog({ host }: { host: HostControls }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
    cancel.current?.focus();
    return () => {
      if (element?.open) element.close();
      // Back to where the host was (the End button may sit in a More sheet that has closed meanwhile).
      if (opener?.isConnected && opener.offsetParent !== null) opener.focus();
      else document.querySelector<HTMLElement>('[data-action=more]')?.focus();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      class="end-confirm"
      data-testid="end-confirm"
      aria-labelledby="end-confirm-title"
      aria-describedby="end-confirm-text"
      onCancel={(e) => {
        e.preventDefault();
        host.askToEnd(false);
      }}
      onKeyDown={(e) => trapTab(e, dialog.current)}
    >
      <h2 id="end-confirm-title" class="end-confirm__title">
        {t('lobby.endTitle')}
      </h2>
      <p id="end-confirm-text">{t('lobby.endText')}</p>
      <div class="form-actions">
        <button type="button" class="button button--small" data-action="cancel-end" ref={cancel} onClick={() => host.askToEnd(false)}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          class="button button--danger button--small"
          data-action="confirm-end"
          onClick={() => void host.endForEveryone()}
        >
          {t('lobby.endConfirm')}
        </button>
      </div>
    </dialog>
  );
}

/** Tab and Shift+Tab go round the dialog's buttons (a modal dialog would otherwise let focus go to the browser's own bar). */
function trapTab(event: KeyboardEvent, dialog: HTMLDialogElement | null) {
  if (event.key !== 'Tab' || !dialog) return;
  const buttons = [...dialog.querySelectorAll<HTMLElement>('button:not([disabled])')];
  const first = buttons[0];
  const last = buttons.at(-1);
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
