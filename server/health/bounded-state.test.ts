import { describe, expect, it } from 'vitest';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat.ts';
import { DEVICE_ID_HEADER } from '../../shared/api/host-controls.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { LeaveReason } from '../../shared/room-events.ts';
import { createTestApp } from '../../test/server/test-app.ts';
import { CHECK_NAME_TTL_MS, createRoomBot } from '../bot/room-bot.ts';
import type { ChatService } from '../chat/chat-service.ts';
import { createTicketBook } from '../dialin/call-tickets.ts';
import { memoryRateCounters } from '../storage/memory-rate-counters.ts';

const socket = () => ({ send() {}, close() {} });
const DEVICE = 'device-aaaaaaaaaaaaaaaa';

async function meetingWithGuest({ waitingRoom = true } = {}) {
  const t = createTestApp();
  const host = await t.signUp();
  const meeting = await t.createMeeting(host.headers, 'Call', { waitingRoom });
  const link = await t.guestLink(host.headers, meeting.id);
  const base = `/api/meetings/${meeting.id}`;
  const guest = { [INVITE_HEADER]: link, [DEVICE_ID_HEADER]: DEVICE };
  const enter = async (headers: Record<string, string>, name: string) => {
    const body = await (await t.json('POST', `${base}/join`, { name }, headers)).json();
    t.hub.connect(meeting.id, body.participant.id, socket());
    return {
      id: body.participant.id as string,
      auth: { ...headers, [PARTICIPANT_ID_HEADER]: body.participant.id, [PARTICIPANT_TOKEN_HEADER]: body.token },
    };
  };
  const hostIn = await enter(host.headers, 'Hanna');
  // The guest's media check names them before they join; then they knock and the host lets them in.
  const report = { type: 'step', checkId: 'check-aaaaaaaa', name: 'Gus', step: 'camera', outcome: 'passed' };
  expect((await t.json('POST', `${base}/media-check`, report, guest)).status).toBe(204);
  const { waiterId } = await (await t.json('POST', `${base}/lobby`, { name: 'Gus' }, guest)).json();
  const heard: { type: string; participantId?: string }[] = [];
  t.hostControls.lobby.connect(meeting.id, waiterId, { send: (text: string) => void heard.push(JSON.parse(text)), close() {} });
  await t.json('POST', `${base}/lobby/${waiterId}/admit`, undefined, host.headers);
  await t.json('PUT', `${base}/lock`, { locked: true }, host.headers);
  const gus = { id: heard.find((e) => e.type === 'admitted')!.participantId! };
  t.hub.connect(meeting.id, gus.id, socket());
  return { ...t, host, meetingId: meeting.id, base, hostIn, gus };
}

/** Everything per meeting in memory: what must be zero once no meeting runs. */
const perMeeting = [
  'rooms',
  'participants',
  'roomSockets',
  'locks',
  'admittedMeetings',
  'admittedBrowsers',
  'identities',
  'lobbyMeetings',
  'lobbyEntries',
  'checkNames',
];
const heldFor = (sizes: Record<string, number>) => Object.fromEntries(perMeeting.map((name) => [name, sizes[name]]));
const nothing = Object.fromEntries(perMeeting.map((name) => [name, 0]));

describe('state held per meeting goes with the meeting', () => {
  it('is all there while the call runs', async () => {
    const t = await meetingWithGuest();
    expect(heldFor(t.census.sizes())).toMatchObject({
      rooms: 1,
      participants: 2,
      locks: 1,
      admittedBrowsers: 1,
      identities: 1,
      checkNames: 1,
    });
  });

  it('goes when the room empties (everyone left)', async () => {
    const t = await meetingWithGuest();
    t.hub.leave(t.meetingId, t.gus.id, LeaveReason.Left);
    t.hub.leave(t.meetingId, t.hostIn.id, LeaveReason.Left);
    expect(heldFor(t.census.sizes())).toEqual(nothing);
  });

  it('goes when the host ends the meeting for everyone', async () => {
    const t = await meetingWithGuest();
    expect((await t.json('POST', `${t.base}/end`, undefined, t.host.headers)).status).toBe(204);
    expect(heldFor(t.census.sizes())).toEqual(nothing);
  });

  it('goes when a removal empties the room', async () => {
    const t = await meetingWithGuest();
    await t.json('DELETE', `${t.base}/participants/${t.gus.id}`, undefined, t.host.headers);
    expect(t.census.sizes().identities).toBe(0);
    t.hub.leave(t.meetingId, t.hostIn.id, LeaveReason.Left);
    expect(heldFor(t.census.sizes())).toEqual(nothing);
  });

  it('a waiting guest who gives up leaves nothing behind', async () => {
    const t = createTestApp();
    const host = await t.signUp();
    const meeting = await t.createMeeting(host.headers, 'Call', { waitingRoom: true });
    const link = await t.guestLink(host.headers, meeting.id);
    const { waiterId } = await (
      await t.json('POST', `/api/meetings/${meeting.id}/lobby`, { name: 'Gus' }, { [INVITE_HEADER]: link })
    ).json();
    const lobbySocket = socket();
    t.hostControls.lobby.connect(meeting.id, waiterId, lobbySocket);
    expect(t.census.sizes().lobbyEntries).toBe(1);
    t.hostControls.lobby.disconnect(meeting.id, waiterId, lobbySocket, 'cancelled');
    expect(heldFor(t.census.sizes())).toEqual(nothing);
  });

  it('the sweep forgets admissions and locks of a room nobody is in (state no event closed)', async () => {
    const t = await meetingWithGuest();
    // The hub forgets the room without telling anyone (as a crash in a listener would leave it).
    t.hub.closeAll();
    expect(t.census.sizes().admittedMeetings).toBe(1);
    for (const sweep of Object.values(t.memorySweeps)) sweep();
    expect(t.census.sizes()).toMatchObject({ locks: 0, admittedMeetings: 0, identities: 0 });
  });
});

describe('media-check names', () => {
  const chat = { botNote: async () => undefined } as unknown as ChatService;

  it('expire after their TTL, by the sweep', async () => {
    let now = Date.parse('2026-11-01T00:00:00Z');
    const bot = createRoomBot(chat, { now: () => new Date(now) });
    await bot.mediaCheck('m1', { type: 'step', checkId: 'check-1xxxxxxx', name: 'Ann', step: 'camera', outcome: 'passed' });
    now += CHECK_NAME_TTL_MS / 2;
    await bot.mediaCheck('m1', { type: 'step', checkId: 'check-2xxxxxxx', name: 'Bob', step: 'camera', outcome: 'passed' });
    now += CHECK_NAME_TTL_MS / 2;
    expect(bot.sweep()).toBe(1);
    expect(bot.sizes().checkNames).toBe(1);
  });

  it('are bounded: the oldest go first', async () => {
    const bot = createRoomBot(chat, { maxNames: 3 });
    for (let i = 0; i < 10; i++)
      await bot.mediaCheck(`m${i}`, { type: 'step', checkId: `check-${i}xxxxxxx`, name: `G${i}`, step: 'camera', outcome: 'passed' });
    expect(bot.sizes().checkNames).toBe(3);
  });

  it('are never lent to another meeting', async () => {
    const notes: string[] = [];
    const bot = createRoomBot({
      botNote: async (_m: string, _note: unknown, text: string) => void notes.push(text),
    } as unknown as ChatService);
    await bot.mediaCheck('m1', { type: 'step', checkId: 'check-axxxxxxx', name: 'Ann', step: 'camera', outcome: 'passed' });
    await bot.mediaCheck('m2', { type: 'step', checkId: 'check-axxxxxxx', step: 'camera', outcome: 'passed' });
    expect(notes[1]).toMatch(/^A guest \(not in the call yet\)/);
  });
});

describe('bounded books', () => {
  it('call tickets: expired ones are swept without a new call, and there are never more than the bound', () => {
    let now = 0;
    const book = createTicketBook({ now: () => now, maxEntries: 5 });
    for (let i = 0; i < 20; i++) book.issue({ meetingId: 'm', callSid: `CA${i}`, caller: undefined });
    expect(book.size()).toBe(5);
    now += 61_000;
    expect(book.sweep()).toBe(5);
    expect(book.size()).toBe(0);
  });

  it('rate windows: a flood of keys inside one window stays under the bound', async () => {
    const counters = memoryRateCounters({ maxWindows: 100 });
    for (let i = 0; i < 1_000; i++) await counters.hit('join', `key-${i}`, 60_000, 1_000);
    expect(counters.size()).toBe(100);
    // The newest keys still count.
    expect(await counters.peek('join', 'key-999', 60_000, 1_000)).toEqual({ count: 1, start: 1_000 });
  });
});
