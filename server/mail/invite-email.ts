import { createEvent } from 'ics';
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
}

export function formatWhen(startsAt: Date, durationMinutes: number, timeZone: string | null): string {
  const zone = timeZone ?? 'UTC';
  const date = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    startsAt,
  );
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  const end = new Date(startsAt.getTime() + durationMinutes * 60_000);
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' });
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
  const start = input.startsAt;
  const { error, value } = createEvent({
    uid: input.uid,
    start: [start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate(), start.getUTCHours(), start.getUTCMinutes()],
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: input.durationMinutes },
    title: input.title,
    description: `Join the video call: ${input.joinUrl}${input.dialIn ? `\nBy phone: ${input.dialIn.number}, PIN ${input.dialIn.pin}` : ''}`,
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
  const when = formatWhen(input.startsAt, input.durationMinutes, input.timeZone);
  const phone = input.dialIn ? `\nNo internet at hand? Dial ${input.dialIn.number} and enter the PIN ${input.dialIn.pin}#.\n` : '';
  const text = `Hello ${input.guestName},

${input.hostName} invites you to a video call: ${input.title}
When: ${when}

Join from your browser (nothing to install):
${input.joinUrl}
${phone}
See you soon,
${input.hostName}
`;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1a1f2b">
<p>Hello ${escapeHtml(input.guestName)},</p>
<p>${escapeHtml(input.hostName)} invites you to a video call: <strong>${escapeHtml(input.title)}</strong></p>
<p>When: ${escapeHtml(when)}</p>
<p><a href="${escapeHtml(input.joinUrl)}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#fff;border-radius:999px;text-decoration:none">Join the call</a></p>
<p>Or open this link: <a href="${escapeHtml(input.joinUrl)}">${escapeHtml(input.joinUrl)}</a><br>Nothing to install: it runs in your browser.</p>
${input.dialIn ? `<p>No internet at hand? Dial <strong>${escapeHtml(input.dialIn.number)}</strong> and enter the PIN <strong>${escapeHtml(input.dialIn.pin)}#</strong>.</p>` : ''}
<p>See you soon,<br>${escapeHtml(input.hostName)}</p>
</body></html>`;
  return {
    to: { name: input.guestName, address: input.guestEmail },
    replyTo: { name: input.hostName, address: input.hostEmail },
    subject: `Invitation: ${input.title} — ${when}`,
    text,
    html,
    icalEvent: { method: 'REQUEST', filename: 'invite.ics', content: buildInviteIcs(input) },
  };
}
