import { i18n, t, tParts } from '../i18n/i18n.ts';
import './invite.css';
import { useSignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { copyText, createInviteState } from './create-invite-state.ts';
import { timeZoneChoices } from './time-zones.ts';
import { isLocale, LOCALE_NAMES, LOCALES, type Locale } from '../i18n/locales.ts';
import '../i18n/later-texts.ts';

/** The zones to offer and the browser's own (UTC under one name), read once per panel. */
function browserTimeZones() {
  const supported = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone');
  return timeZoneChoices(Intl.DateTimeFormat().resolvedOptions().timeZone, supported);
}

/** Copy the guest link, invite by email, see who was invited and who joined. For the host. */
export function InvitePanel({ meetingId }: { meetingId: string }) {
  const [state] = useState(() => createInviteState(meetingId));
  const copied = useSignal(false);
  const guestName = useSignal('');
  const guestEmail = useSignal('');
  const [zones] = useState(browserTimeZones);
  const timeZone = useSignal(zones.selected);
  // The guest's email goes out in the language the host picks: the host's own unless changed.
  const language = useSignal<Locale>(i18n.locale.value);
  const formError = useSignal<string | null>(null);
  const sending = useSignal(false);

  useEffect(() => {
    void state.load();
  }, []);

  const list = state.list.value;

  async function copy() {
    if (!list) return;
    copied.value = await copyText(list.link);
    setTimeout(() => (copied.value = false), 3000);
  }

  async function send(event: Event) {
    event.preventDefault();
    sending.value = true;
    formError.value = null;
    try {
      await state.invite({ guestName: guestName.value, guestEmail: guestEmail.value, timeZone: timeZone.value, language: language.value });
      guestName.value = '';
      guestEmail.value = '';
    } catch (e) {
      formError.value = (e as Error).message;
    } finally {
      sending.value = false;
    }
  }

  return (
    <section class="invite-panel" aria-label={t('invite.title')}>
      <h2>{t('invite.title')}</h2>
      {state.error.value && (
        <p class="form-error" role="alert">
          {state.error.value}
        </p>
      )}
      <div class="invite-link">
        <label>
          {t('invite.link')}
          <input readOnly value={list?.link ?? t('common.loading')} data-testid="guest-link" onFocus={(e) => e.currentTarget.select()} />
        </label>
        <div class="form-actions">
          <button type="button" class="button button--primary" onClick={copy} disabled={!list} data-action="copy-link">
            {t('invite.copy')}
          </button>
          <button
            type="button"
            class="button"
            disabled={!list}
            onClick={() => {
              if (confirm(t('invite.newLinkConfirm'))) void state.newLink();
            }}
          >
            {t('invite.newLink')}
          </button>
          <span role="status" class="copied">
            {copied.value ? t('invite.copied') : ''}
          </span>
        </div>
      </div>
      {list?.dialIn && (
        <p class="dial-in">
          {tParts('invite.byPhone', { number: <strong>{list.dialIn.number}</strong>, pin: <strong>{list.dialIn.pin}</strong> })}
        </p>
      )}
      <form class="form" onSubmit={send} aria-label={t('invite.byEmail')}>
        <h3>{t('invite.byEmail')}</h3>
        <label>
          {t('invite.guestName')}
          <input
            name="guestName"
            required
            maxLength={60}
            value={guestName.value}
            onInput={(e) => (guestName.value = e.currentTarget.value)}
          />
        </label>
        <label>
          {t('invite.guestEmail')}
          <input
            name="guestEmail"
            type="email"
            required
            value={guestEmail.value}
            onInput={(e) => (guestEmail.value = e.currentTarget.value)}
          />
        </label>
        <label>
          {t('invite.guestTimeZone')}
          <select name="timeZone" value={timeZone.value} onChange={(e) => (timeZone.value = e.currentTarget.value)}>
            {zones.zones.map((tz) => (
              <option key={tz} value={tz}>
                {tz}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('invite.guestLanguage')}
          <select
            name="language"
            value={language.value}
            onChange={(e) => {
              const value = e.currentTarget.value;
              if (isLocale(value)) language.value = value;
            }}
          >
            {LOCALES.map((locale) => (
              <option key={locale} value={locale} lang={locale}>
                {LOCALE_NAMES[locale]}
              </option>
            ))}
          </select>
        </label>
        {formError.value && (
          <p class="form-error" role="alert">
            {formError.value}
          </p>
        )}
        <button class="button button--primary" type="submit" disabled={sending.value} data-action="send-invite">
          {sending.value ? t('invite.sending') : t('invite.send')}
        </button>
      </form>
      {list && list.invites.length > 0 && (
        <ul class="invite-list" aria-label={t('invite.invited')}>
          {list.invites.map((invite) => (
            <li key={invite.id} data-invite-state={invite.state}>
              <span>
                <strong>{invite.guestName}</strong>{' '}
                {invite.kind === 'link' ? `(${t('invite.joinLink')})` : <>&lt;{invite.guestEmail}&gt;</>}
              </span>
              <span class={`badge badge--${invite.state}`}>{t(`invite.state.${invite.state}`)}</span>
              {invite.error && <span class="form-error">{invite.error}</span>}
              {invite.state === 'failed' && (
                <button type="button" class="button button--small" onClick={() => void state.resend(invite.id)}>
                  {t('chat.retry')}
                </button>
              )}
              {invite.state !== 'revoked' && (
                <button
                  type="button"
                  class="button button--small"
                  onClick={() => void state.revoke(invite.id)}
                  aria-label={t('invite.revokeName', { name: invite.guestName })}
                >
                  {t('invite.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
