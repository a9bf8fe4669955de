import { describe, expect, it, vi } from 'vitest';
import type { LeaveReason } from '../../shared/room-events.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { createTestApp } from '../../test/server/test-app.ts';
import type { Bridge, BridgeStarter } from './dial-in-service.ts';

const dialIn = { number: '+1 555 010 0199', authToken: 't', maxCalls: 5 };
const noStats = {
  uplink: { count: 0, p50: 0, p95: 0, max: 0 },
  downlink: { count: 0, p50: 0, p95: 0, max: 0 },
  connections: 0,
  playoutLagMs: 0,
};

/** A bridge that only records what it is told. */
function fakeStarter() {
  const bridges: (Bridge & { ended: (reason: string) => void; hangUps: string[] })[] = [];
  const start: BridgeStarter = async ({ onEnded }) => {
    const bridge = {
      participantId: `Phone${bridges.length}AAAAAAAAAAAAAAAAA`,
      muted: false,
      hangUps: [] as string[],
      ended: onEnded,
      setMuted: vi.fn((m: boolean) => void (bridge.muted = m)),
      hangUp(reason: string, _leave?: LeaveReason) {
        bridge.hangUps.push(reason);
        onEnded(reason);
      },
      stats: () => noStats,
    };
    bridges.push(bridge);
    return bridge;
  };
  return { start, bridges };
}

async function setup(config: Parameters<typeof createTestApp>[0] = { dialIn }) {
  const starter = fakeStarter();
  const t = createTestApp(config, { startBridge: starter.start });
  const host = await t.signUp();
  const create = async () => (await t.createMeeting(host.headers)).id;
  const meetingId = await create();
  // The host may mute and remove callers; a guest with the link may only read the dial-in details.
  const member = host.headers;
  const guest = { [INVITE_HEADER]: await t.guestLink(host.headers, meetingId) };
  const caller = { callSid: 'CA1', streamSid: 'MZ1', attach() {}, sendAudio() {}, sendMark() {}, clear() {}, hangUp() {} };
  const connect = async (id = meetingId) => {
    await t.dialIn.connectCall({ meetingId: id, callSid: 'CA1', caller: '+15551234567' }, caller);
    return starter.bridges.at(-1)!;
  };
  return { ...t, ...starter, meetingId, member, guest, connect, create };
}

describe('dial-in details', () => {
  it('gives each meeting a stable 10-digit PIN with the deployment number', async () => {
    const { json, meetingId, storage, guest } = await setup();
    expect((await json('GET', `/api/meetings/${meetingId}/dial-in`)).status).toBe(403);
    const first = await (await json('GET', `/api/meetings/${meetingId}/dial-in`, undefined, guest)).json();
    expect(first).toMatchObject({ enabled: true, number: '+1 555 010 0199' });
    expect(first.pin).toMatch(/^\d{10}$/);
    expect(first.pinDisplay).toBe(`${first.pin.slice(0, 3)} ${first.pin.slice(3, 6)} ${first.pin.slice(6)}`);
    expect((await (await json('GET', `/api/meetings/${meetingId}/dial-in`, undefined, guest)).json()).pin).toBe(first.pin);
    expect((await storage.meetings.byId(meetingId))!.dialInPin).toBe(first.pin);
  });

  it('says dial-in is off when no number is configured', async () => {
    const { json, meetingId, member } = await setup({ dialIn: null });
    expect(await (await json('GET', `/api/meetings/${meetingId}/dial-in`, undefined, member)).json()).toEqual({ enabled: false });
  });

  it('answers 404 for an unknown meeting', async () => {
    const { json, member } = await setup();
    expect((await json('GET', '/api/meetings/AAAAAAAAAAAAAAAAAAAAAA/dial-in', undefined, member)).status).toBe(404);
    expect((await json('GET', '/api/meetings/..%2f/dial-in', undefined, member)).status).toBe(404);
  });
});

describe('host controls over callers', () => {
  it('mutes and unmutes a caller', async () => {
    const { json, meetingId, member, connect } = await setup();
    const bridge = await connect();
    const url = `/api/meetings/${meetingId}/dial-in/calls/${bridge.participantId}/mute`;
    expect((await json('POST', url, { muted: true }, member)).status).toBe(204);
    expect(bridge.setMuted).toHaveBeenLastCalledWith(true);
    expect((await json('POST', url, { muted: false }, member)).status).toBe(204);
    expect(bridge.muted).toBe(false);
  });

  it('hangs up a caller, who then is no call any more', async () => {
    const { json, meetingId, member, connect, dialIn: service } = await setup();
    const bridge = await connect();
    const url = `/api/meetings/${meetingId}/dial-in/calls/${bridge.participantId}`;
    expect((await json('DELETE', url, undefined, member)).status).toBe(204);
    expect(bridge.hangUps).toEqual(['removed by the host']);
    expect(service.activeCalls()).toEqual([]);
    expect((await json('DELETE', url, undefined, member)).status).toBe(404);
  });

  it('refuses guests, strangers, other users, and callers of other meetings', async () => {
    const { json, meetingId, member, guest, connect, create, signUp } = await setup();
    const bridge = await connect();
    const url = `/api/meetings/${meetingId}/dial-in/calls/${bridge.participantId}/mute`;
    expect((await json('POST', url, { muted: true })).status).toBe(403);
    expect((await json('POST', url, { muted: true }, guest)).status).toBe(403);
    expect((await json('DELETE', `/api/meetings/${meetingId}/dial-in/calls/${bridge.participantId}`, undefined, guest)).status).toBe(403);
    const otherUser = await signUp('other@example.com', 'Other');
    expect((await json('POST', url, { muted: true }, otherUser.headers)).status).toBe(403);
    const other = await create();
    expect((await json('POST', `/api/meetings/${other}/dial-in/calls/${bridge.participantId}/mute`, { muted: true }, member)).status).toBe(
      404,
    );
    expect(bridge.setMuted).not.toHaveBeenCalled();
  });

  it('validates the body and the caller id', async () => {
    const { json, meetingId, member, connect } = await setup();
    const bridge = await connect();
    const url = `/api/meetings/${meetingId}/dial-in/calls/${bridge.participantId}/mute`;
    expect((await json('POST', url, { muted: 'yes' }, member)).status).toBe(400);
    expect((await json('POST', url, 'not json', member)).status).toBe(400);
    expect((await json('POST', `/api/meetings/${meetingId}/dial-in/calls/nope/mute`, { muted: true }, member)).status).toBe(404);
  });

  it('tells listeners (the chat bot) when a guest dials in and leaves', async () => {
    const { connect, dialIn: service, meetingId } = await setup();
    const events: unknown[] = [];
    service.subscribe((e) => events.push(e));
    const bridge = await connect();
    bridge.hangUp('the caller hung up');
    expect(events).toEqual([
      { type: 'caller-joined', meetingId, participantId: bridge.participantId, displayName: 'Phone ·· 4567' },
      { type: 'caller-left', meetingId, participantId: bridge.participantId, displayName: 'Phone ·· 4567', reason: 'the caller hung up' },
    ]);
  });

  it('does not bridge a call into a meeting that is gone', async () => {
    const { connect, json, meetingId, member } = await setup();
    await json('DELETE', `/api/meetings/${meetingId}`, undefined, member);
    await expect(connect()).rejects.toThrow(/no longer exists/);
  });
});
