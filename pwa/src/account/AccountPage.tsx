import './account.css';
import { useEffect, useState } from 'preact/hooks';
import type { SessionState } from './create-session-state.ts';
import { createSignInsState } from './create-sign-ins-state.ts';
import { FEATURE_LABELS } from './feature-labels.ts';
import { SignIns } from './SignIns.tsx';

/** Account: who you are, and which add-ons and betas your administrator turned on (read-only). */
export function AccountPage({ session }: { session: SessionState }) {
  // An operator may have switched something since the app loaded.
  useEffect(() => void session.refresh().catch(() => undefined), []);
  const [signIns] = useState(() => createSignInsState(session));
  useEffect(() => void signIns.load(), []);
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
        <h2>Add-ons and betas</h2>
        <p class="muted">Your administrator turns these on for your account.</p>
        <ul class="feature-states">
          {FEATURE_LABELS.map((f) => {
            const on = user.features[f.key];
            return (
              <li class="feature-state" key={f.key} data-feature={f.key} data-state={on ? 'on' : 'off'}>
                <span>
                  <strong>{f.label}</strong>
                  <br />
                  <span class="muted">{f.help}</span>
                </span>
                <span class={`feature-state__status feature-state__status--${on ? 'on' : 'off'}`}>
                  {on ? 'Turned on by your administrator' : 'Off · Ask your administrator'}
                </span>
              </li>
            );
          })}
        </ul>
        {user.operator && (
          <p>
            <a href="/admin" data-action="open-admin">
              Operator page: accounts, add-ons and betas
            </a>
          </p>
        )}
      </section>
      <SignIns state={signIns} />
    </main>
  );
}
