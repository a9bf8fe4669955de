import type { SignInsState } from './create-sign-ins-state.ts';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Where this account is signed in, and *Sign out everywhere*. */
export function SignIns({ state }: { state: SignInsState }) {
  const sessions = state.sessions.value;
  return (
    <section class="card" aria-labelledby="sign-ins-title" data-testid="sign-ins">
      <h2 id="sign-ins-title">Where you are signed in</h2>
      {sessions === null && !state.problem.value && <p class="muted">Loading…</p>}
      {sessions && (
        <ul class="sign-ins">
          {sessions.map((s) => (
            <li key={s.id} data-current={s.current ? 'true' : undefined}>
              Signed in {when(s.createdAt)} · until {when(s.expiresAt)}
              {s.current && <strong> · this browser</strong>}
            </li>
          ))}
        </ul>
      )}
      {state.problem.value && (
        <p role="alert" class="error">
          {state.problem.value}
        </p>
      )}
      <p class="muted">Lost a device, or signed in on a shared computer? This signs you out on every device, this one too.</p>
      <button
        type="button"
        class="button"
        data-action="sign-out-everywhere"
        disabled={state.busy.value}
        onClick={() => void state.signOutEverywhere()}
      >
        Sign out everywhere
      </button>
    </section>
  );
}
