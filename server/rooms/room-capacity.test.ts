import { describe, expect, it } from 'vitest';
import { DEVICE_ID_HEADER } from '../../shared/api/host-controls.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { createTestApp } from '../../test/server/test-app.ts';
import { testSfuSettings } from '../sfu/sfu-config.ts';

const ROOM_FULL = { error: { code: 'room_full', message: expect.stringMatching(/full: at most 2 people/) } };

async function setup(waitingRoom = false) {
  const t = createTestApp({ sfu: testSfuSettings({ roomMax: 2 }) });
  const host = await t.signUp();
  const meeting = await t.createMeeting(host.headers, 'Call', { waitingRoom });
  const link = await t.guestLink(host.headers, meeting.id);
  const base = `/api/meetings/${meeting.id}`;
  const guest = (device: string) => ({ [INVITE_HEADER]: link, [DEVICE_ID_HEADER]: device });
  const join = async (headers: Record<string, string>, name: string, rejoin?: unknown) => {
    const res = await t.json('POST', `${base}/join`, { name, ...(rejoin ? { rejoin } : {}) }, headers);
    return { status: res.status, body: await res.json() };
  };
  return { ...t, host, base, guest, join, meetingId: meeting.id };
}

describe('ROOM_MAX', () => {
  it('is 6 without a running SFU and 50 with one, unless set', () => {
    expect(createTestApp({ sfu: testSfuSettings() }).capacity.max()).toBe(6);
    expect(createTestApp({ sfu: testSfuSettings({ roomMax: 9 }) }).capacity.max()).toBe(9);
    // A meeting pinned to the mesh holds the mesh's cap at most.
    expect(createTestApp({ sfu: testSfuSettings({ roomMax: 40 }) }).capacity.max('mesh')).toBe(6);
    expect(createTestApp({ sfu: testSfuSettings({ roomMax: 4 }) }).capacity.max('mesh')).toBe(4);
  });

  it('refuses the join after the cap with 409 room_full, for the host too; someone already in rejoins', async () => {
    const { join, host, guest } = await setup();
    const a = await join(guest('device-a'), 'A');
    expect(a.status).toBe(201);
    expect((await join(guest('device-b'), 'B')).status).toBe(201);
    const c = await join(guest('device-c'), 'C');
    expect(c).toEqual({ status: 409, body: ROOM_FULL });
    expect((await join(host.headers, 'Hanna')).status).toBe(409);
    // A reload of someone in the room is never refused.
    const again = await join(guest('device-a'), 'A', { participantId: a.body.participant.id, token: a.body.token });
    expect(again.status).toBe(200);
  });

  it('lets the next one in when someone leaves', async () => {
    const { join, guest, hub, meetingId } = await setup();
    const a = await join(guest('device-a'), 'A');
    await join(guest('device-b'), 'B');
    hub.leave(meetingId, a.body.participant.id, 'left');
    expect((await join(guest('device-c'), 'C')).status).toBe(201);
  });

  it('refuses a knock on a full room, and the host admitting someone into it', async () => {
    const { join, guest, json, base, host, hub, meetingId } = await setup(true);
    const h = await join(host.headers, 'Hanna');
    hub.connect(meetingId, h.body.participant.id, { send() {}, close() {} });
    const knock = async (device: string) => {
      const res = await json('POST', `${base}/lobby`, { name: device }, guest(device));
      return { status: res.status, body: await res.json() };
    };
    const waiting = await knock('device-a');
    expect(waiting.status).toBe(202);
    const b = await knock('device-b');
    expect(b.status).toBe(202);
    expect((await json('POST', `${base}/lobby/${waiting.body.waiterId}/admit`, undefined, host.headers)).status).toBe(204);
    // Now two are in (the host and A): B cannot be admitted, and a new knock is turned away.
    const refused = await json('POST', `${base}/lobby/${b.body.waiterId}/admit`, undefined, host.headers);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual(ROOM_FULL);
    expect(await knock('device-c')).toEqual({ status: 409, body: ROOM_FULL });
  });
});
