import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { INVITE_HEADER, MEETING_VISIT_ELEMENT } from '../../shared/api/invites.ts';
import { builtPwa } from '../../test/server/built-pwa.ts';
import { createTestApp } from '../../test/server/test-app.ts';
import { newId, newSecret } from '../lib/ids.ts';
import type { Grant } from '../access/room-access.ts';
import { answerIsDeviceFree, isPageOpening } from './visit-in-page.ts';

const PAGE = '<!doctype html><html><head><title>Meeting room</title></head><body><div id="app"></div></body></html>';
/** What a browser sends when a person opens a link (Fetch Metadata). */
const OPENING = { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'none' };

async function world(options: { waitingRoom?: boolean; title?: string } = {}) {
  const t = createTestApp({ pwaDir: builtPwa({ 'index.html': PAGE }) });
  const host = await t.signUp();
  const meeting = await t.createMeeting(host.headers, options.title ?? 'Call', { waitingRoom: options.waitingRoom });
  const invite = await t.guestLink(host.headers, meeting.id);
  const open = (query: string, headers: Record<string, string> = OPENING) => t.app.request(`/m/${meeting.id}${query}`, { headers });
  return { ...t, host, meeting, invite, open };
}

/** The answer the page's HTML carries, or null when it carries none (the page is the plain one). */
async function carried(res: Response): Promise<Record<string, any> | null> {
  expect(res.status).toBe(200);
  const html = await res.text();
  const found = new RegExp(`<script type="application/json" id="${MEETING_VISIT_ELEMENT}">([^<]*)</script></body>`).exec(html);
  if (!found) {
    expect(html).toBe(PAGE);
    return null;
  }
  expect(res.headers.get('cache-control')).toBe('no-store');
  return JSON.parse(found[1]!);
}

describe("a meeting page's HTML carries its visit's answer (no request before its sockets open)", () => {
  it('for a guest with the link: the info and a place held, the same as POST …/visit gives, which only its join takes', async () => {
    const t = await world();
    const answer = await carried(await t.open(`?invite=${t.invite}`));
    expect(answer).toMatchObject({ info: { id: t.meeting.id, isHost: false, entersDirectly: true } });
    const held = answer!.reservation;
    expect(held).toMatchObject({ participantId: expect.any(String), token: expect.any(String), expiresInMs: 600_000 });
    expect(held.rtc).toMatchObject({ peerPath: `/peerjs/m/${t.meeting.id}/`, peerKey: 'peerjs' });
    const viaApi = await (await t.json('POST', `/api/meetings/${t.meeting.id}/visit`, undefined, { [INVITE_HEADER]: t.invite })).json();
    expect(answer!.info).toEqual(viaApi.info);
    // Nobody is in the room until the join takes the place.
    expect(t.hub.headcount(t.meeting.id)).toBe(0);
    const joined = await t.json(
      'POST',
      `/api/meetings/${t.meeting.id}/join`,
      { name: 'Gus', reservation: { participantId: held.participantId, token: held.token } },
      { [INVITE_HEADER]: t.invite },
    );
    expect((await joined.json()).participant.id).toBe(held.participantId);
  });

  it('for the host, by the session cookie', async () => {
    const t = await world();
    const answer = await carried(await t.open('', { ...OPENING, cookie: t.host.headers.cookie! }));
    expect(answer).toMatchObject({ info: { isHost: true }, reservation: { participantId: expect.any(String) } });
  });

  it('compressed for a browser that accepts it, never kept by a cache', async () => {
    const t = await world();
    const res = await t.open(`?invite=${t.invite}`, { ...OPENING, 'accept-encoding': 'gzip, deflate, br' });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString();
    expect(html).toContain(`id="${MEETING_VISIT_ELEMENT}"`);
  });

  it('writes what people typed (the title) so it cannot end the element or run as script', async () => {
    const title = '</script><script>alert(1)</script><!-- & \u2028';
    const t = await world({ title });
    const res = await t.open(`?invite=${t.invite}`);
    const html = await res.clone().text();
    expect(html).not.toContain('<script>alert');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    // Read back as the meeting's title is stored (the API answers it the same).
    const stored = (await (await t.json('POST', `/api/meetings/${t.meeting.id}/visit`, undefined, { [INVITE_HEADER]: t.invite })).json())
      .info.title;
    expect(stored).toContain('</script><script>alert(1)</script><!-- &');
    expect((await carried(res))!.info.title).toBe(stored);
  });

  it.each([
    ['a stranger (no invitation)', '', OPENING],
    ['a withdrawn or wrong invitation', '?invite=not-a-real-token-at-all', OPENING],
    ['a request that is not a page opening (a crawler, a mail scanner, a chat preview)', '?invite=INVITE', {}],
    ['a frame', '?invite=INVITE', { ...OPENING, 'sec-fetch-dest': 'iframe' }],
    ['a prefetch', '?invite=INVITE', { ...OPENING, 'sec-purpose': 'prefetch' }],
    ['a prerender', '?invite=INVITE', { ...OPENING, 'sec-purpose': 'prefetch;prerender' }],
  ])('not for %s: the plain page, which asks itself, and no place held', async (_, query, headers) => {
    const t = await world();
    expect(await carried(await t.open(query.replace('INVITE', t.invite), headers))).toBeNull();
    expect(t.reservations.size()).toBe(0);
  });

  it("not for anyone from outside the meeting: another meeting's link, another host, a revoked invitation", async () => {
    const t = await world();
    // Another host, with a meeting and a link of their own.
    const other = await t.signUp('other@example.com', 'Olga Other');
    const otherMeeting = await t.createMeeting(other.headers, 'Theirs');
    const otherLink = await t.guestLink(other.headers, otherMeeting.id);
    // A personal invitation to this meeting, revoked.
    const revoked = { id: newId(), token: newSecret() };
    await t.storage.invites.create({
      ...revoked,
      meetingId: t.meeting.id,
      guestName: 'Rex',
      guestEmail: 'rex@example.org',
      timeZone: null,
      state: 'sent',
      error: null,
      createdAt: new Date().toISOString(),
    });
    expect(await carried(await t.open(`?invite=${revoked.token}`))).toMatchObject({ info: { id: t.meeting.id } });
    expect((await t.json('DELETE', `/api/meetings/${t.meeting.id}/invites/${revoked.id}`, undefined, t.host.headers)).status).toBeLessThan(
      300,
    );
    const before = t.reservations.size();
    expect(await carried(await t.open(`?invite=${otherLink}`))).toBeNull();
    expect(await carried(await t.open('', { ...OPENING, cookie: other.headers.cookie! }))).toBeNull();
    expect(await carried(await t.open(`?invite=${revoked.token}`))).toBeNull();
    expect(t.reservations.size()).toBe(before);
  });

  it('not where the answer depends on the device (a waiting room: a device let in before walks in)', async () => {
    const t = await world({ waitingRoom: true });
    expect(await carried(await t.open(`?invite=${t.invite}`))).toBeNull();
    // The host still gets it: nothing about the host depends on a device.
    expect(await carried(await t.open('', { ...OPENING, cookie: t.host.headers.cookie! }))).not.toBeNull();
  });

  it('only on a GET: a HEAD holds no place', async () => {
    const t = await world();
    const res = await t.app.request(`/m/${t.meeting.id}?invite=${t.invite}`, { method: 'HEAD', headers: OPENING });
    expect(res.status).toBe(200);
    expect(t.reservations.size()).toBe(0);
  });
});

describe('which answers depend on no device', () => {
  const invite = (kind: 'email' | 'link') => ({ kind: 'invite', invite: { kind } }) as unknown as Grant;
  const removal = [{ deviceId: 'd1' }] as never;
  it.each([
    ['the host, even with a waiting room and removals', { kind: 'host' } as Grant, { waitingRoom: true, removedGuests: removal }, true],
    ["the meeting's link", { kind: 'link' } as Grant, {}, true],
    ['a personal invitation', invite('email'), { waitingRoom: false, removedGuests: [] }, true],
    ['a one-time join link (bound to a device)', invite('link'), {}, false],
    ['a guest of a meeting with a waiting room', { kind: 'link' } as Grant, { waitingRoom: true }, false],
    ['a guest of a meeting where someone was removed', { kind: 'link' } as Grant, { removedGuests: removal }, false],
  ])('%s: %s', (_, grant, meeting, free) => {
    expect(answerIsDeviceFree(meeting, grant)).toBe(free);
  });

  it('a page opening is what a browser says it is', () => {
    expect(isPageOpening(new Headers(OPENING))).toBe(true);
    expect(isPageOpening(new Headers({ ...OPENING, purpose: 'prefetch' }))).toBe(false);
    expect(isPageOpening(new Headers({ 'sec-fetch-dest': 'document' }))).toBe(false);
  });
});
