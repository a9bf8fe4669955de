import type { OptionsState } from '@/utils/options/create-options-state';

/** The options page: which server, and who is signed in. */
export function Options({ state }: { state: OptionsState }) {
  if (!state.loaded.value) return <p class="muted">Loading…</p>;
  const user = state.user.value;
  return (
    <main class="options">
      <h1>Meeting room</h1>
      {user ? (
        <section data-section="signed-in">
          <p>
            Signed in as <strong data-testid="signed-in-email">{user.email}</strong> on {state.serverOrigin.value}.
          </p>
          <button type="button" data-action="sign-out" disabled={state.busy.value} onClick={state.signOut}>
            Sign out
          </button>
        </section>
      ) : (
        <SignInForm state={state} />
      )}
      {state.error.value && (
        <p role="alert" class="error" data-testid="options-error">
          {state.error.value}
        </p>
      )}
    </main>
  );
}

function SignInForm({ state }: { state: OptionsState }) {
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    void state.signIn({
      serverAddress: String(data.get('server') ?? ''),
      email: String(data.get('email') ?? ''),
      password: String(data.get('password') ?? ''),
    });
  };
  return (
    <form onSubmit={onSubmit} data-section="sign-in">
      <label>
        Server address
        <input
          name="server"
          type="text"
          inputMode="url"
          defaultValue={state.serverOrigin.value}
          placeholder="https://meet.example.com"
          required
        />
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit" class="primary" data-action="sign-in" disabled={state.busy.value}>
        {state.busy.value ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
