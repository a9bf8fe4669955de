// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { MEETING_VISIT_ELEMENT } from '../../../shared/api/invites.ts';
import { takeVisitInPage } from './visit-in-page.ts';

const MEETING = 'AAAAAAAAAAAAAAAAAAAAAA';
const answer = (id = MEETING) => ({
  info: {
    id,
    title: 'Mortgage review',
    startsAt: '2026-12-01T09:00:00.000Z',
    durationMinutes: 30,
    createdAt: '2026-11-25T10:00:00.000Z',
    hostName: 'Hanna Host',
    isHost: false,
    features: { backgroundBlur: false, recording: false },
    entersDirectly: true,
  },
  reservation: {
    participantId: 'p1p1p1p1p1p1p1p1',
    token: 't'.repeat(32),
    expiresInMs: 600_000,
    rtc: { iceServers: [], iceTransportPolicy: 'all', peerPath: `/peerjs/m/${id}/`, peerKey: 'peerjs' },
  },
});

/** The page as the server writes it, with `text` in the element. */
function pageWith(text: string) {
  const element = document.createElement('script');
  element.type = 'application/json';
  element.id = MEETING_VISIT_ELEMENT;
  element.textContent = text;
  document.body.append(element);
}

afterEach(() => document.body.replaceChildren());

describe("the visit's answer the page's HTML carried", () => {
  it('is read once, and taken out of the page', () => {
    pageWith(JSON.stringify(answer()));
    const visit = takeVisitInPage(MEETING);
    expect(visit?.info.title).toBe('Mortgage review');
    expect(visit?.reservation?.participantId).toBe('p1p1p1p1p1p1p1p1');
    expect(document.getElementById(MEETING_VISIT_ELEMENT)).toBeNull();
    expect(takeVisitInPage(MEETING)).toBeNull();
  });

  it.each([
    ['none in the page (the service worker served it)', null],
    ["another meeting's", JSON.stringify(answer('BBBBBBBBBBBBBBBBBBBBBB'))],
    ['not JSON', '{"info":'],
    ['not a visit answer', JSON.stringify({ info: { id: MEETING } })],
    ['null', 'null'],
  ])('is none when it is %s: the page asks', (_, text) => {
    if (text !== null) pageWith(text);
    expect(takeVisitInPage(MEETING)).toBeNull();
  });
});
