import { createEvent } from 'ics';
import type { Locale } from '../../shared/locales.ts';
import { DATE_LOCALE, INVITE_EMAIL_TEXTS } from './invite-email-texts.ts';
import type { OutgoingMail } from './mailer.ts';

export interface InviteEmailInput {
  guestName: string;
  guestEmail: string;
  hostName: string;
  hostEmail: string;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  /** IANA zone of the guest when known; otherwise UTC is named explicitly. */
  timeZone: string | null;
  joinUrl: string;
  dialIn?: { number: string; pin: string } | undefined;
  uid: string;
  /** The guest's language, chosen by the host; English when not given. */
  language?: Locale | undefined;
}

export function formatWhen(startsAt: Date, durationMinutes: number, timeZone: string | null, language: Locale = 'en'): string {
  const zone = timeZone ?? 'UTC';
  const locale = DATE_LOCALE[language];
  const date = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    startsAt,
  );
  const time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  const end = new Date(startsAt.getTime() + durationMinutes * 60_000);
  const clock = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit' });
  const offset = time.formatToParts(startsAt).find((p) => p.type === 'timeZoneName')?.value ?? zone;
  return `${date}, ${clock.format(startsAt)} – ${clock.format(end)} ${offset}${timeZone ? ` (${zone})` : ''}`;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/**
 * A name as an iCalendar parameter value (`CN=`): RFC 5545 quotes it, and a quoted value may not
 * hold a double quote (there is no escape for one) nor control characters. `ics` writes `\"`,
 * which calendars read as the end of the value; a typographic quote keeps the name readable.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
export const icsParamText = (name: string) => name.replace(/"/g, '”').replace(/[\u0000-\u001f\u007f]/g, ' ');

/** The calendar entry (.ics, METHOD:REQUEST) for the invitation. */
export function buildInviteIcs(input: InviteEmailInput): string {
  const words = INVITE_EMAIL_TEXTS[input.language ?? 'en'];
  const start = input.startsAt;
  const { error, value } = createEvent({
    uid: input.uid,
    start: [start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate(), start.getUTCHours(), start.getUTCMinutes()],
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: input.durationMinutes },
    title: input.title,
    description: `${words.icsJoin}: ${input.joinUrl}${input.dialIn ? `\n${words.icsPhone(input.dialIn.number, input.dialIn.pin)}` : ''}`,
    location: input.joinUrl,
    url: input.joinUrl,
    method: 'REQUEST',
    status: 'CONFIRMED',
    organizer: { name: icsParamText(input.hostName), email: input.hostEmail },
    attendees: [
      { name: icsParamText(input.guestName), email: input.guestEmail, rsvp: true, partstat: 'NEEDS-ACTION', role: 'REQ-PARTICIPANT' },
    ],
  });
  if (error || !value) throw new Error(`cannot build the calendar entry: ${error?.message ?? 'unknown error'}`);
  return value;
}

/** The personalised invitation: guest's name, host's name, title, time in the guest's zone, link, .ics. */
export function buildInviteEmail(input: InviteEmailInput): OutgoingMail {
  const language = input.language ?? 'en';
  const words = INVITE_EMAIL_TEXTS[language];
  const when = formatWhen(input.startsAt, input.durationMinutes, input.timeZone, language);
  const phone = input.dialIn ? `\n${words.byPhone(input.dialIn.number, input.dialIn.pin)}\n` : '';
  const text = `${words.hello(input.guestName)}

${words.invites(input.hostName)} ${input.title}
${words.when}: ${when}

${words.joinFromBrowser}
${input.joinUrl}
${phone}
${words.seeYou}
${input.hostName}
`;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1a1f2b">
<p>${escapeHtml(words.hello(input.guestName))}</p>
<p>${escapeHtml(words.invites(input.hostName))} <strong>${escapeHtml(input.title)}</strong></p>
<p>${escapeHtml(words.when)}: ${escapeHtml(when)}</p>
<p><a href="${escapeHtml(input.joinUrl)}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#fff;border-radius:999px;text-decoration:none">${escapeHtml(words.joinButton)}</a></p>
<p>${escapeHtml(words.orOpen)} <a href="${escapeHtml(input.joinUrl)}">${escapeHtml(input.joinUrl)}</a><br>${escapeHtml(words.nothingToInstall)}</p>
${input.dialIn ? `<p>${escapeHtml(words.byPhone(input.dialIn.number, input.dialIn.pin))}</p>` : ''}
<p>${escapeHtml(words.seeYou)}<br>${escapeHtml(input.hostName)}</p>
</body></html>`;
  return {
    to: { name: input.guestName, address: input.guestEmail },
    replyTo: { name: input.hostName, address: input.hostEmail },
    subject: `${words.subject}: ${input.title} — ${when}`,
    text,
    html,
    icalEvent: { method: 'REQUEST', filename: 'invite.ics', content: buildInviteIcs(input) },
  };
}
