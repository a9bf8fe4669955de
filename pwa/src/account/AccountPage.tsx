import { t } from '../i18n/i18n.ts';
import './account.css';
import { useEffect, useState } from 'preact/hooks';
import type { SessionState } from './create-session-state.ts';
import { createSignInsState } from './create-sign-ins-state.ts';
import { FEATURES, featureHelp, featureLabel } from './feature-labels.ts';
import { LanguageSwitch } from '../i18n/LanguageSwitch.tsx';
import { SignIns } from './SignIns.tsx';
import { lazyComponent } from '../ui/lazy.tsx';
import '../i18n/later-texts.ts';

// API keys, webhooks and embedding: their own chunk, loaded once the page shows.
const Integrations = lazyComponent(() => import('../integrations/Integrations.tsx').then((m) => m.Integrations), true);

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
      <p class="page-header">
        <a href="/">← {t('meetings.yours')}</a>
        <LanguageSwitch />
      </p>
      <h1>{t('account.title')}</h1>
      <section class="card">
        <p>
          {user.name} · {user.email}
        </p>
        <h2>{t('account.features')}</h2>
        <p class="muted">{t('account.featuresHelp')}</p>
        <ul class="feature-states">
          {FEATURES.map((f) => {
            const on = user.features[f];
            return (
              <li class="feature-state" key={f} data-feature={f} data-state={on ? 'on' : 'off'}>
                <span>
                  <strong>{featureLabel(f)}</strong>
                  <br />
                  <span class="muted">{featureHelp(f)}</span>
                </span>
                <span class={`feature-state__status feature-state__status--${on ? 'on' : 'off'}`}>
                  {on ? t('account.featureOn') : t('account.featureOff')}
                </span>
              </li>
            );
          })}
        </ul>
        {user.operator && (
          <p>
            <a href="/admin" data-action="open-admin">
              {t('account.operatorLink')}
            </a>
          </p>
        )}
      </section>
      <SignIns state={signIns} />
      <Integrations />
    </main>
  );
}
