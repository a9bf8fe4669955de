import { describe, expect, it, test } from 'vitest';
import { findMeetingLinks, meetingIdOf, roomUrl } from './meeting-links.ts';

const ORIGIN = 'https://meet.example.com';

describe('meeting links', () => {
  test.each([
    ['a bare link', `${ORIGIN}/m/abcdefgh12`, [`${ORIGIN}/m/abcdefgh12`]],
    ['a guest link keeps its invite', `Join: ${ORIGIN}/m/abcdefgh12?invite=tok_123.`, [`${ORIGIN}/m/abcdefgh12?invite=tok_123`]],
    ['a trailing slash and punctuation', `(${ORIGIN}/m/abcdefgh12/), later`, [`${ORIGIN}/m/abcdefgh12/`]],
    [
      "Calendar's redirect",
      `https://www.google.com/url?q=${encodeURIComponent(`${ORIGIN}/m/abcdefgh12`)}&sa=D`,
      [`${ORIGIN}/m/abcdefgh12`],
    ],
    [
      "Outlook's Safe Links",
      `https://eur02.safelinks.protection.outlook.com/?url=${encodeURIComponent(`${ORIGIN}/m/abcdefgh12`)}&data=05%7C02&reserved=0`,
      [`${ORIGIN}/m/abcdefgh12`],
    ],
    [
      'duplicates once, in order',
      `${ORIGIN}/m/bbbbbbbb22 ${ORIGIN}/m/aaaaaaaa11 ${ORIGIN}/m/bbbbbbbb22`,
      [`${ORIGIN}/m/bbbbbbbb22`, `${ORIGIN}/m/aaaaaaaa11`],
    ],
    ['another server', 'https://meet.example.org/m/abcdefgh12', []],
    ['another port', 'https://meet.example.com:8443/m/abcdefgh12', []],
    ['another path', `${ORIGIN}/meetings/abcdefgh12 ${ORIGIN}/m/abcdefgh12/extra`, []],
    ['an id that is not one of ours', `${ORIGIN}/m/short ${ORIGIN}/m/has%20space99`, []],
    ['no links', 'Room 4, second floor', []],
  ])('%s', (_name, text, expected) => {
    expect(findMeetingLinks(text, ORIGIN)).toEqual(expected);
  });

  it('builds and reads room links', () => {
    expect(roomUrl(ORIGIN, 'abcdefgh12')).toBe(`${ORIGIN}/m/abcdefgh12`);
    expect(meetingIdOf(`${ORIGIN}/m/abcdefgh12?invite=x`, ORIGIN)).toBe('abcdefgh12');
    expect(meetingIdOf('not a url', ORIGIN)).toBeNull();
  });
});
