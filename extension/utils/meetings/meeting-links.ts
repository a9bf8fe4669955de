import { IdSchema } from '@shared/api/meetings';
import * as v from 'valibot';

/** The room page of a meeting: `<origin>/m/<id>` (the host's own link; guests get `?invite=`). */
export const roomUrl = (origin: string, meetingId: string) => `${origin}/m/${encodeURIComponent(meetingId)}`;

const URL_IN_TEXT = /https?:\/\/[^\s<>"'()]+/gi;

/**
 * Our meeting links in a piece of text (a location, a description), in order, without duplicates.
 * Calendars rewrite links: Google Calendar's descriptions to `https://www.google.com/url?q=<link>&…`,
 * Outlook's (with Defender for Office 365) to `https://<region>.safelinks.protection.outlook.com/?url=<link>&…`;
 * those count too.
 */
export function findMeetingLinks(text: string, origin: string): string[] {
  const found: string[] = [];
  for (const candidate of text.match(URL_IN_TEXT) ?? []) {
    const link = asMeetingLink(unwrapRedirect(candidate.replace(/[.,;:!?]+$/, '')), origin);
    if (link && !found.includes(link)) found.push(link);
  }
  return found;
}

/** The meeting id of one of our room links, or null. */
export function meetingIdOf(link: string, origin: string): string | null {
  const url = safeUrl(link);
  if (!url || url.origin !== origin) return null;
  const match = /^\/m\/([^/]+)\/?$/.exec(url.pathname);
  const id = match ? decodeURIComponent(match[1]!) : '';
  return v.is(IdSchema, id) ? id : null;
}

function asMeetingLink(candidate: string, origin: string): string | null {
  if (!meetingIdOf(candidate, origin)) return null;
  const url = new URL(candidate);
  url.hash = '';
  return url.href;
}

function unwrapRedirect(candidate: string): string {
  const url = safeUrl(candidate);
  if (url && /(^|\.)google\.com$/.test(url.hostname) && url.pathname === '/url') return url.searchParams.get('q') ?? candidate;
  if (url && /(^|\.)safelinks\.protection\.outlook\.com$/.test(url.hostname)) return url.searchParams.get('url') ?? candidate;
  return candidate;
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
