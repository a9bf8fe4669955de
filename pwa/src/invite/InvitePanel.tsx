import './invite.css';
import { useSignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { InviteState as InviteStateName } from '../../../shared/api/invites.ts';
import { copyText, createInviteState } from './create-invite-state.ts';
import { timeZoneChoices } from './time-zones.ts';

const STATE_LABEL: Record<InviteStateName, string> = { sent: 'Sent', failed: 'Failed', joined: 'Joined', revoked: 'Revoked' };

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
      await state.invite({ guestName: guestName.value, guestEmail: guestEmail.value, timeZone: timeZone.value });
      guestName.value = '';
      guestEmail.value = '';
    } catch (e) {
      formError.value = (e as Error).message;
    } finally {
      sending.value = false;
    }
  }

  return (
    <section class="invite-panel" aria-label="Invite guests">
      <h2>Invite guests</h2>
      {state.error.value && (
        <p class="form-error" role="alert">
          {state.error.value}
        </p>
      )}
      <div class="invite-link">
        <label>
          Guest link
          <input readOnly value={list?.link ?? 'Loading…'} data-testid="guest-link" onFocus={(e) => e.currentTarget.select()} />
        </label>
        <div class="form-actions">
          <button type="button" class="button button--primary" onClick={copy} disabled={!list} data-action="copy-link">
            Copy link
          </button>
          <button
            type="button"
            class="button"
            disabled={!list}
            onClick={() => {
              if (confirm('Make a new link? The current link stops working, also for guests who have it.')) void state.newLink();
            }}
          >
            New link
          </button>
          <span role="status" class="copied">
            {copied.value ? 'Link copied' : ''}
          </span>
        </div>
      </div>
      {list?.dialIn && (
        <p class="dial-in">
          By phone: <strong>{list.dialIn.number}</strong>, PIN <strong>{list.dialIn.pin}</strong>
        </p>
      )}
      <form class="form" onSubmit={send} aria-label="Invite by email">
        <h3>Invite by email</h3>
        <label>
          Guest's name
          <input
            name="guestName"
            required
            maxLength={60}
            value={guestName.value}
            onInput={(e) => (guestName.value = e.currentTarget.value)}
          />
        </label>
        <label>
          Guest's email
          <input
            name="guestEmail"
            type="email"
            required
            value={guestEmail.value}
            onInput={(e) => (guestEmail.value = e.currentTarget.value)}
          />
        </label>
        <label>
          Guest's time zone
          <select name="timeZone" value={timeZone.value} onChange={(e) => (timeZone.value = e.currentTarget.value)}>
            {zones.zones.map((tz) => (
              <option key={tz} value={tz}>
                {tz}
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
          {sending.value ? 'Sending…' : 'Send invitation'}
        </button>
      </form>
      {list && list.invites.length > 0 && (
        <ul class="invite-list" aria-label="Invited guests">
          {list.invites.map((invite) => (
            <li key={invite.id} data-invite-state={invite.state}>
              <span>
                <strong>{invite.guestName}</strong> &lt;{invite.guestEmail}&gt;
              </span>
              <span class={`badge badge--${invite.state}`}>{STATE_LABEL[invite.state]}</span>
              {invite.error && <span class="form-error">{invite.error}</span>}
              {invite.state === 'failed' && (
                <button type="button" class="button button--small" onClick={() => void state.resend(invite.id)}>
                  Retry
                </button>
              )}
              {invite.state !== 'revoked' && (
                <button
                  type="button"
                  class="button button--small"
                  onClick={() => void state.revoke(invite.id)}
                  aria-label={`Revoke the invitation of ${invite.guestName}`}
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
