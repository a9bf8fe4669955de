import { t } from '../i18n/i18n.ts';
import { useSignal } from '@preact/signals';
import { PASSWORD_MIN } from '../../../shared/api/auth.ts';
import { LanguageSwitch } from '../i18n/LanguageSwitch.tsx';
import type { SessionState } from './create-session-state.ts';
import '../i18n/later-texts.ts';

/** Sign in, or create an account (users only; guests never need one). */
export function AuthPage({ session, mode, navigate }: { session: SessionState; mode: 'signin' | 'signup'; navigate: (p: string) => void }) {
  const name = useSignal('');
  const email = useSignal('');
  const password = useSignal('');
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const signingUp = mode === 'signup';

  async function submit(event: Event) {
    event.preventDefault();
    busy.value = true;
    error.value = null;
    try {
      if (signingUp) await session.signUp(name.value, email.value, password.value);
      else await session.signIn(email.value, password.value);
      navigate('/');
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      busy.value = false;
    }
  }

  return (
    <main class="page auth">
      <div class="page-header">
        <h1>{signingUp ? t('auth.createTitle') : t('auth.signIn')}</h1>
        <LanguageSwitch />
      </div>
      <p class="muted">{t('auth.who')}</p>
      <form class="card form" onSubmit={submit}>
        {signingUp && (
          <label>
            {t('prejoin.yourName')}
            <input
              name="name"
              required
              autoComplete="name"
              maxLength={80}
              value={name.value}
              onInput={(e) => (name.value = e.currentTarget.value)}
            />
          </label>
        )}
        <label>
          {t('auth.email')}
          <input
            name="email"
            type="email"
            required
            autoComplete="email"
            value={email.value}
            onInput={(e) => (email.value = e.currentTarget.value)}
          />
        </label>
        <label>
          {t('auth.password')}
          <input
            name="password"
            type="password"
            required
            minLength={signingUp ? PASSWORD_MIN : undefined}
            autoComplete={signingUp ? 'new-password' : 'current-password'}
            value={password.value}
            onInput={(e) => (password.value = e.currentTarget.value)}
          />
        </label>
        {error.value && (
          <p class="form-error" role="alert">
            {error.value}
          </p>
        )}
        <button class="button button--primary" type="submit" disabled={busy.value} data-action={signingUp ? 'signup' : 'signin'}>
          {signingUp ? t('auth.create') : t('auth.signIn')}
        </button>
      </form>
      <p>
        {signingUp ? (
          <>
            {t('auth.haveAccount')} <a href="/signin">{t('auth.signIn')}</a>
          </>
        ) : (
          <>
            {t('auth.newHere')} <a href="/signup">{t('auth.createLink')}</a>
          </>
        )}
      </p>
    </main>
  );
}
