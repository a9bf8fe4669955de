/**
 * Test world (tests only) for the call (`createCall`): one page with the real call, local media
 * and mesh, and around it fakes of everything outside the page — the API (`fetch`), the PeerServer
 * and the other participants' peers, the room channel's socket (the test plays the room), the
 * devices and the tab's sessionStorage.
 */
import { vi } from 'vitest';
import type { JoinResponse, Participant, Reservation } from '../../shared/api/participants.ts';
import type { ServerEvent } from '../../shared/room-events.ts';
import { createCall } from '../../pwa/src/call/create-call.ts';
import { createLocalMedia } from '../../pwa/src/media/local-media.ts';
import { createFakeFetch, type FakeAnswer } from './fake-fetch.ts';
import { cam, FakeMediaDevices, FakeMediaStreamClass, fakePlaceholders, fakeStream, MemoryStorage, mic } from './fake-media.ts';
import { createFakePeerNetwork, type FakePeer } from './fake-peerjs.ts';
import { createFakeWebSockets, type FakeWebSocket } from './fake-websocket.ts';
import { usePageEnvironment } from './page-environment.ts';

/** Fake timers, the page's address, quiet warnings (see page-environment.ts). */
export const useCallTestEnvironment = () => usePageEnvironment();

export const MEETING = 'meet-1';
export const JOIN = `POST /api/meetings/${MEETING}/join`;
export const LEAVE = `POST /api/meetings/${MEETING}/leave`;
export const RTC = `GET /api/meetings/${MEETING}/rtc`;

export const person = (id: string, extra: Partial<Participant> = {}): Participant => ({
  id,
  name: `Name of ${id}`,
  role: 'guest',
  audioMuted: false,
  videoMuted: false,
  presence: 'connected',
  screenSharing: false,
  joinedAt: '2026-01-01T10:00:00Z',
  ...extra,
});

export const joinAnswer = (self: Participant, others: Participant[], token = 'token-1', rejoined = false): JoinResponse => ({
  participant: self,
  token,
  participants: others,
  rejoined,
  rtc: { iceServers: [{ urls: 'stun:stun.example.org' }], iceTransportPolicy: 'all', peerPath: '/peerjs', peerKey: 'meeting' },
});

/** A place the server held for the page (a first visit's answer, server/rooms/reservations.ts). */
export const reservation = (participantId: string, token = 'held-1'): Reservation => ({
  participantId,
  token,
  expiresInMs: 600_000,
  rtc: joinAnswer(person(participantId), []).rtc,
});

/**
 * A page and what is around it: the API, the PeerServer and the other participants' peers,
 * the room channel's socket (the test plays the room), devices and the tab's sessionStorage.
 */
export async function world({
  self = person('p2'),
  others = [] as Participant[],
  storage = new MemoryStorage(),
  net = createFakePeerNetwork(),
  join = (): FakeAnswer | Promise<FakeAnswer> => ({ json: joinAnswer(self, others) }),
} = {}) {
  const api = createFakeFetch({
    [JOIN]: () => join(),
    [LEAVE]: () => ({ status: 204 }),
    [RTC]: () => ({ json: { iceServers: [{ urls: 'turn:turn.example.org', username: 'fresh', credential: 'c' }] } }),
  });
  const sockets = createFakeWebSockets();
  const devices = new FakeMediaDevices([mic('mic-1'), cam('cam-1'), cam('cam-2')]);
  const placeholders = fakePlaceholders();
  const media = createLocalMedia({
    mediaDevices: devices,
    MediaStream: FakeMediaStreamClass,
    placeholders,
    storage: null,
  });
  await media.start();
  const call = createCall({
    meetingId: MEETING,
    media,
    accessHeaders: { 'x-invite-token': 'invite-1' },
    fetch: api.fetch,
    loadPeer: net.loadPeer,
    WebSocket: sockets.WebSocket,
    storage,
  });
  /** The other participants' peers answer our camera calls with their camera. */
  const remotes = new Map<string, { peer: FakePeer; camera: MediaStream }>();
  for (const p of others) {
    const peer = await net.remote(p.id);
    const camera = fakeStream('audio', 'video');
    peer.on('call', (c) => (c as { answer(s: MediaStream): void }).answer(camera));
    remotes.set(p.id, { peer, camera });
  }
  return {
    api,
    sockets,
    devices,
    media,
    /** The silent and black tracks the page made to send in place of a missing device. */
    placeholders,
    call,
    net,
    storage,
    remotes,
    self,
    others,
    /** The room channel's socket the page uses now. */
    channel: (): FakeWebSocket => sockets.last(),
    /** Camera calls our page placed, as `from→to`. */
    calls: () => net.offers.filter((o) => o.from === self.id && !o.call.metadata).map((o) => o.to),
  };
}

/** Join, open the room channel and get the welcome: in the call with everyone present. */
export async function joined(w: CallWorld, name = 'Me') {
  await w.call.join(name);
  w.channel().open();
  w.channel().receive(welcome([w.self, ...w.others]));
  await w.net.settled();
}

export const deliver = (w: CallWorld, event: ServerEvent) => w.channel().receive(event);

/** The page's links opened ahead of its join with a reservation (PeerJS open, the held room channel open). */
export async function linksOpenedAhead(w: CallWorld) {
  w.call.prepare(reservation(w.self.id));
  await vi.advanceTimersByTimeAsync(0);
  await w.net.settled();
  w.channel().open();
}

/**
 * Awaits a join whose end waits for our first offers or answers to be sent: the mesh counts one
 * as sent a task after its local description is set (camera-link.ts `described`), so zero-delay
 * timers run meanwhile.
 */
export async function whenSent<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  const settle = () => {
    done = true;
  };
  void promise.then(settle, settle);
  for (let i = 0; i < 20 && !done; i++) await vi.advanceTimersByTimeAsync(0);
  return promise;
}
export const welcome = (participants: Participant[]): ServerEvent => ({
  type: 'welcome',
  protocol: 1,
  participantId: 'p2',
  participants,
  recording: null,
  mediaMode: 'mesh',
});

export type CallWorld = Awaited<ReturnType<typeof world>>;
