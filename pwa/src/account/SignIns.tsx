import { i18n, t } from '../i18n/i18n.ts';
import type { SignInsState } from './create-sign-ins-state.ts';
import '../i18n/later-texts.ts';

const when = (iso: string) => i18n.formatDate(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' });

/** Where this account is signed in, and *Sign out everywhere*. */
export function SignIns({ state }: { state: SignInsState }) {
  const sessions = state.sessions.value;
  return (
    <section class="card" aria-labelledby="sign-ins-title" data-testid="sign-ins">
      <h2 id="sign-ins-title">{t('signIns.title')}</h2>
      {sessions === null && !state.problem.value && <p class="muted">{t('common.loading')}</p>}
      {sessions && (
        <ul class="sign-ins">
          {sessions.map((s) => (
            <li key={s.id} data-current={s.current ? 'true' : undefined}>
              {t('signIns.line', { from: when(s.createdAt), until: when(s.expiresAt) })}
              {s.current && <strong> · {t('signIns.thisBrowser')}</strong>}
            </li>
          ))}
        </ul>
      )}
      {state.problem.value && (
        <p role="alert" class="error">
          {state.problem.value}
        </p>
      )}
      <p class="muted">{t('signIns.help')}</p>
      <button
        type="button"
        class="button"
        data-action="sign-out-everywhere"
        disabled={state.busy.value}
        onClick={() => void state.signOutEverywhere()}
      >
        {t('signIns.signOutEverywhere')}
      </button>
    </section>
  );
}
