import { useSignal } from '@preact/signals';
import type { AccountFeatures } from '../../../shared/api/auth';
import type { SessionState } from './create-session-state';

const FEATURES: { key: keyof AccountFeatures; label: string; help: string }[] = [
  { key: 'recording', label: 'Recording (add-on)', help: 'You can record your calls. Everyone in the call sees when a recording runs.' },
  { key: 'backgroundBlur', label: 'Background blur (beta)', help: 'You and your guests can blur the background behind you.' },
];

/** Account settings: add-ons and beta features. */
export function AccountPage({ session }: { session: SessionState }) {
  const error = useSignal<string | null>(null);
  const user = session.user.value;
  if (!user) return null;
  return (
    <main class="page account">
      <p>
        <a href="/">← Your meetings</a>
      </p>
      <h1>Account</h1>
      <section class="card">
        <p>
          {user.name} · {user.email}
        </p>
        <h2>Features</h2>
        {FEATURES.map((f) => (
          <label class="switch" key={f.key}>
            <input
              type="checkbox"
              name={f.key}
              checked={user.features[f.key]}
              onChange={(e) => {
                error.value = null;
                session.updateFeatures({ [f.key]: e.currentTarget.checked }).catch((err: Error) => (error.value = err.message));
              }}
            />
            <span>
              <strong>{f.label}</strong>
              <br />
              <span class="muted">{f.help}</span>
            </span>
          </label>
        ))}
        {error.value && (
          <p class="form-error" role="alert">
            {error.value}
          </p>
        )}
      </section>
    </main>
  );
}
