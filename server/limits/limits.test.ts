import { describe, expect, it } from 'vitest';
import { DEVICE_ID_HEADER } from '../../shared/api/host-controls.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { createTestApp } from '../../test/server/test-app.ts';
import { LIMITS, WAITING_ROOM_CAPACITY } from './limits.ts';

/** The walk-arounds found from outside (issue 17, item 8): each limit holds whatever is varied. */
describe('limits that cannot be walked around', () => {
  async function meeting(waitingRoom = false) {
    // Behind one trusted proxy, so that a test can come from many addresses.
    const t = createTestApp({ trustProxy: { hops: 1 } });
    const host = await t.signUp();
    const m = await t.createMeeting(host.headers, 'Call', { waitingRoom });
    const invite = await t.guestLink(host.headers, m.id);
    let addresses = 0;
    const guest = (device: string) => ({
      [INVITE_HEADER]: invite,
      [DEVICE_ID_HEADER]: device,
      'x-forwarded-for': `198.51.100.${++addresses % 250}`,
    });
    return { ...t, host, meetingId: m.id, guest };
  }

  it('counts people entering one meeting, per browser and per meeting; a reload with its ticket is free', async () => {
    const t = await meeting();
    const join = (headers: Record<string, string>, body: object = { name: 'Gus' }) =>
      t.json('POST', `/api/meetings/${t.meetingId}/join`, body, headers);
    const statuses: number[] = [];
    for (let i = 0; i <= LIMITS.joinsPerDevice.max; i++) statuses.push((await join(t.guest('the-same-browser-1234'))).status);
    expect(statuses.slice(0, -1).every((s) => s === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // A reload of someone already in does not count, however often.
    const inside = await (await join(t.guest('a-reloading-browser'))).json();
    for (let i = 0; i < 30; i++) {
      expect(
        (await join(t.guest('a-reloading-browser'), { name: 'Gus', rejoin: { participantId: inside.participant.id, token: inside.token } }))
          .status,
      ).toBe(200);
    }
    // Many browsers: the meeting's own limit.
    let accepted = LIMITS.joinsPerDevice.max + 1;
    let refused = 0;
    for (let i = 0; accepted + refused < LIMITS.joinsPerMeeting.max + 5; i++) {
      const status = (await join(t.guest(`browser-number-${i}-xyz`))).status;
      if (status === 201) accepted++;
      else if (status === 429) refused++;
    }
    expect(accepted).toBe(LIMITS.joinsPerMeeting.max);
    // The host always gets in.
    expect((await join(t.host.headers, { name: 'Hanna' })).status).toBe(201);
  });

  it('counts knocks per meeting as well as per address and browser, and caps the waiting room', async () => {
    const t = await meeting(true);
    const knock = (device: string) => t.json('POST', `/api/meetings/${t.meetingId}/lobby`, { name: 'W' }, t.guest(device));
    const statuses: number[] = [];
    for (let i = 0; i <= LIMITS.knocksPerDevice.max; i++) statuses.push((await knock('one-knocking-browser')).status);
    expect(statuses.at(-1)).toBe(429);
    // Different browsers (a second knock from one browser replaces its first): the waiting room fills up.
    const answers: number[] = [];
    for (let i = 0; i < WAITING_ROOM_CAPACITY + 5; i++) answers.push((await knock(`waiting-browser-${i}-abc`)).status);
    const waiting = (await (await t.json('GET', `/api/meetings/${t.meetingId}/lobby`, undefined, t.host.headers)).json()).waiting;
    expect(waiting).toHaveLength(WAITING_ROOM_CAPACITY);
    expect(answers.filter((s) => s === 429).length).toBeGreaterThan(0);
  });

  it('limits new meetings per account', async () => {
    const t = createTestApp();
    const host = await t.signUp();
    const body = { title: 'Call', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30 };
    const statuses: number[] = [];
    for (let i = 0; i <= LIMITS.meetingsPerAccount.max; i++)
      statuses.push((await t.json('POST', '/api/meetings', body, host.headers)).status);
    expect(statuses.slice(0, -1).every((s) => s === 201)).toBe(true);
    const last = await t.json('POST', '/api/meetings', body, host.headers);
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await t.storage.dump()).meetings.length).toBe(LIMITS.meetingsPerAccount.max);
  });
});
