import { describe, expect, it, vi } from 'vitest';
import { RoomCloseCode, type ServerEvent } from '../../../shared/room-events.ts';
import { createFakeWebSockets } from '../../../test/pwa/fake-websocket.ts';
import { usePageEnvironment } from '../../../test/pwa/page-environment.ts';
import { createRoomChannelClient, MOVE_GRACE_MS, type RoomChannelClientOptions } from './room-channel-client.ts';

const pong = (at = 1): ServerEvent => ({ type: 'pong', at });

describe('room channel client', () => {
  usePageEnvironment();

  function setup(options: Partial<RoomChannelClientOptions> = {}) {
    const sockets = createFakeWebSockets();
    const events: ServerEvent[] = [];
    const refused: [number, string][] = [];
    let opens = 0;
    const client = createRoomChannelClient({
      meetingId: 'meet/1',
      participantId: 'p 1',
      token: 't&k',
      baseUrl: 'ws://room.test',
      WebSocket: sockets.WebSocket,
      onEvent: (e) => events.push(e),
      onOpen: () => opens++,
      onRefused: (code, reason) => refused.push([code, reason]),
      ...options,
    });
    return { client, sockets, events, refused, opens: () => opens };
  }

  it('connects to the room’s URL with the participant’s id and token, encoded', () => {
    const { sockets, client } = setup();
    expect(sockets.last().url).toBe('ws://room.test/ws/rooms/meet%2F1?participantId=p%201&token=t%26k');
    expect(client.status.value).toBe('connecting');
    client.dispose();
  });

  it('gives what the page sends now with every connection (a node rebuilding us after a failover shows it)', () => {
    let state = { audioMuted: false, videoMuted: true };
    const { sockets, client } = setup({ mediaState: () => state });
    expect(sockets.last().url).toBe('ws://room.test/ws/rooms/meet%2F1?participantId=p%201&token=t%26k&audioMuted=0&videoMuted=1');
    sockets.last().open();
    state = { audioMuted: true, videoMuted: false };
    sockets.last().serverClose(1006);
    vi.advanceTimersByTime(250);
    expect(sockets.last().url).toMatch(/&audioMuted=1&videoMuted=0$/);
    client.dispose();
  });

  it('goes on with a new credential: a socket refused with the one replaced meanwhile tries again with the new', () => {
    const { sockets, client, refused } = setup({ token: 'held' });
    const first = sockets.last();
    client.setToken('joined');
    // Opened with the reservation's token, which the join took: once more with the participant's.
    first.serverClose(RoomCloseCode.Unauthorized, 'unknown participant or wrong token; join again');
    vi.advanceTimersByTime(0);
    expect(refused).toEqual([]);
    expect(sockets.last()).not.toBe(first);
    expect(sockets.last().url).toMatch(/&token=joined$/);
    // Refused with the current credential: that is final.
    sockets.last().serverClose(RoomCloseCode.Unauthorized, 'you may not enter this room');
    expect(refused).toEqual([[RoomCloseCode.Unauthorized, 'you may not enter this room']]);
    client.dispose();
  });

  it('uses wss: on an https page when no base is given', () => {
    vi.stubGlobal('location', new URL('https://meet.example.org:8443/m/x'));
    const { sockets, client } = setup({ baseUrl: undefined });
    expect(sockets.last().url.startsWith('wss://meet.example.org:8443/ws/rooms/')).toBe(true);
    client.dispose();
  });

  it('keeps what is sent while connecting and sends it once open, before onOpen; pings are not kept', () => {
    const { client, sockets } = setup({
      // What onOpen sends goes after what was kept.
      onOpen: () => client.send({ type: 'media-state', audioMuted: true, videoMuted: false }),
    });
    client.send({ type: 'screen-share', active: true });
    client.send({ type: 'ping', at: 5 });
    const socket = sockets.last();
    expect(socket.sent).toEqual([]);
    socket.open();
    expect(client.status.value).toBe('open');
    expect(socket.messages()).toEqual([
      { type: 'screen-share', active: true },
      { type: 'media-state', audioMuted: true, videoMuted: false },
    ]);
    client.dispose();
  });

  it('hands on parsed events and ignores frames that are not JSON, not an event, or binary', () => {
    const { client, sockets, events } = setup();
    const socket = sockets.last();
    socket.open();
    socket.receive('{not json');
    socket.receive({ type: 'no-such-event' });
    socket.receive({ type: 'participant-left', participantId: 'x' }); // no reason: not a valid event
    socket.receive(new ArrayBuffer(4));
    socket.receive({ type: 'participant-left', participantId: 'x', reason: 'left' });
    expect(events).toEqual([{ type: 'participant-left', participantId: 'x', reason: 'left' }]);
    expect(client.status.value).toBe('open');
    client.dispose();
  });

  it('reconnects after a drop with a growing wait (250 ms, doubling, at most 5 s), back to 250 ms once it got through', async () => {
    const { client, sockets, opens } = setup();
    sockets.last().open();
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = sockets.sockets.length;
      sockets.last().serverClose(1006);
      expect(client.status.value).toBe('reconnecting');
      let waited = 0;
      while (sockets.sockets.length === before) {
        vi.advanceTimersByTime(10);
        waited += 10;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    sockets.last().open();
    expect(client.status.value).toBe('open');
    expect(opens()).toBe(2);
    sockets.last().serverClose(1006);
    vi.advanceTimersByTime(249);
    const count = sockets.sockets.length;
    vi.advanceTimersByTime(1);
    expect(sockets.sockets.length).toBe(count + 1);
    client.dispose();
  });

  it('moves at once and without "reconnecting" when the server said it is moving (a drain), then says so if the move takes long', () => {
    const { client, sockets, events } = setup();
    sockets.last().open();
    sockets.last().receive({ type: 'moving' });
    expect(events).toEqual([{ type: 'moving' }]);
    // The proxy cuts the socket (no close frame): the page goes to the next node at once.
    sockets.last().serverClose(1006);
    vi.advanceTimersByTime(0);
    expect(sockets.sockets).toHaveLength(2);
    expect(client.status.value).toBe('open');
    // The first try fails (the new node is still starting): backoff, still quiet within the grace.
    sockets.last().serverClose(1006);
    expect(client.status.value).toBe('open');
    vi.advanceTimersByTime(250);
    sockets.last().open();
    expect(client.status.value).toBe('open');
    // An ordinary drop afterwards is shown as before.
    sockets.last().serverClose(1006);
    expect(client.status.value).toBe('reconnecting');
    client.dispose();
  });

  it('treats a close with 1012 (service restart) as a move, and shows "reconnecting" once the move outlasts its grace', () => {
    const { client, sockets } = setup();
    sockets.last().open();
    sockets.last().serverClose(RoomCloseCode.Moving);
    vi.advanceTimersByTime(0);
    expect(sockets.sockets).toHaveLength(2);
    expect(client.status.value).toBe('open');
    for (let waited = 0; waited < MOVE_GRACE_MS - 100; waited += 100) {
      if (sockets.last().readyState !== 3) sockets.last().serverClose(1006);
      vi.advanceTimersByTime(100);
    }
    expect(client.status.value).toBe('open');
    vi.advanceTimersByTime(200);
    expect(client.status.value).toBe('reconnecting');
    client.dispose();
  });

  it('reconnects at once when asked (back online), and not twice', () => {
    const { client, sockets } = setup();
    sockets.last().open();
    sockets.last().serverClose(1006);
    client.reconnectNow();
    expect(sockets.sockets).toHaveLength(2);
    client.reconnectNow(); // a socket is on its way already
    vi.advanceTimersByTime(10_000);
    expect(sockets.sockets).toHaveLength(2);
    client.dispose();
  });

  it('pings every interval, and takes a socket silent for 2.5 intervals for dropped', async () => {
    const { client, sockets } = setup({ pingIntervalMs: 1000 });
    const first = sockets.last();
    first.open();
    vi.advanceTimersByTime(1000);
    expect(first.messages().map((m) => m.type)).toEqual(['ping']);
    // The server answers: the socket stays.
    first.receive(pong());
    vi.advanceTimersByTime(2000);
    first.receive(pong());
    vi.advanceTimersByTime(2000);
    expect(first.closedByPage).toBeNull();
    // Silence from now on (a dead network does not even close the socket).
    vi.advanceTimersByTime(3000);
    expect(first.closedByPage).toEqual({ code: undefined, reason: undefined });
    await Promise.resolve(); // the browser reports the close a moment later
    expect(client.status.value).toBe('reconnecting');
    vi.advanceTimersByTime(250);
    expect(sockets.sockets).toHaveLength(2);
    client.dispose();
  });

  it.each([
    ['left (or removed, or ended)', RoomCloseCode.Left, 'removed'],
    ['unauthorized', RoomCloseCode.Unauthorized, 'bad token'],
    ['not found', RoomCloseCode.NotFound, 'not in this room'],
  ])('stops for good when the server refuses it: %s', (_name, code, reason) => {
    const { client, sockets, refused } = setup();
    sockets.last().open();
    sockets.last().serverClose(code, reason);
    expect(refused).toEqual([[code, reason]]);
    expect(client.status.value).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(sockets.sockets).toHaveLength(1);
    client.dispose();
  });

  it('reconnects after a close that is not a refusal (replaced, bad message, server restart)', () => {
    const { client, sockets, refused } = setup();
    for (const code of [RoomCloseCode.Replaced, RoomCloseCode.BadMessage, 1001, 1011]) {
      sockets.last().open();
      sockets.last().serverClose(code);
      vi.advanceTimersByTime(250);
    }
    expect(refused).toEqual([]);
    expect(sockets.sockets).toHaveLength(5);
    client.dispose();
  });

  it('leaves cleanly: closes with 1000, no reconnect, no pings, nothing sent after', async () => {
    const { client, sockets, refused } = setup({ pingIntervalMs: 1000 });
    const socket = sockets.last();
    socket.open();
    client.dispose();
    expect(socket.closedByPage).toEqual({ code: 1000, reason: 'client closed' });
    expect(client.status.value).toBe('closed');
    await Promise.resolve();
    client.send({ type: 'leave' });
    vi.advanceTimersByTime(60_000);
    expect(sockets.sockets).toHaveLength(1);
    expect(socket.sent).toEqual([]);
    expect(refused).toEqual([]);
    expect(client.status.value).toBe('closed');
  });
});
