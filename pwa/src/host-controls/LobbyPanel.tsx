import './host-controls.css';
import type { HostControls } from './create-host-controls.ts';

/** The host's panel: who waits (admit, decline), the lock, and ending the meeting for everyone. */
export function LobbyPanel({ host }: { host: HostControls }) {
  const waiting = host.waiting.value;
  const locked = host.locked.value;
  return (
    <section class="lobby-panel" aria-label="Waiting room and meeting controls">
      <h2>Waiting room</h2>
      {waiting.length === 0 ? (
        <p class="muted">No one is waiting.</p>
      ) : (
        <ul class="lobby-panel__list">
          {waiting.map((w) => (
            <li key={w.id} class="waiter" data-waiter-id={w.id}>
              <span class="waiter__name">
                {w.name}
                {w.byPhone && <span class="muted"> (by phone)</span>}
                {w.removedBefore && <span class="muted"> (removed earlier)</span>}
              </span>
              <button type="button" class="button button--small button--primary" data-action="admit" onClick={() => void host.admit(w.id)}>
                {w.removedBefore ? 'Let back in' : 'Admit'}
              </button>
              <button type="button" class="button button--small" data-action="decline" onClick={() => void host.decline(w.id)}>
                Decline
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2>Meeting</h2>
      <label class="lobby-panel__lock">
        <input type="checkbox" checked={locked} data-action="lock" onChange={(e) => void host.setLocked(e.currentTarget.checked)} />
        Lock the meeting (no one new can enter, even with the link)
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
      End call for everyone
    </button>
  );
}

/** The confirmation, so a slip does not end a customer's call. */
export function EndConfirm({ host }: { host: HostControls }) {
  if (!host.confirmingEnd.value) return null;
  return (
    <p class="room__notice end-confirm" role="alert" data-testid="end-confirm">
      End the meeting for everyone? Every call ends and guests cannot enter with their links until you start it again.{' '}
      <button
        type="button"
        class="button button--danger button--small"
        data-action="confirm-end"
        onClick={() => void host.endForEveryone()}
      >
        End for everyone
      </button>{' '}
      <button type="button" class="button button--small" data-action="cancel-end" onClick={() => host.askToEnd(false)}>
        Cancel
      </button>
    </p>
  );
}
