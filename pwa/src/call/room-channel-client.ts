import { signal, type ReadonlySignal } from '@preact/signals';
import { parseServerEvent, ROOM_CHANNEL_PATH, RoomCloseCode, type ClientMessage, type ServerEvent } from '../../../shared/room-events.ts';

export type ChannelStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface RoomChannelClientOptions {
  meetingId: string;
  participantId: string;
  token: string;
  onEvent: (event: ServerEvent) => void;
  /** Every time the socket (re)opens, after queued messages went out. */
  onOpen?: () => void;
  /** The server refused us for good (left, removed, unknown participant). */
  onRefused: (code: number, reason: string) => void;
  /**
   * What we send now, given with every (re)connect: a node that rebuilds this participant from its
   * token (a failover, a drain) shows it to the others from the start instead of "camera off".
   */
  mediaState?: () => { audioMuted: boolean; videoMuted: boolean };
  /** Custom WebSocket base, e.g. for tests; defaults to this page's origin. */
  baseUrl?: string;
  pingIntervalMs?: number;
  /** The WebSocket class: the browser's unless a test passes a fake. */
  WebSocket?: WebSocketClass;
}

/** What the client needs of a WebSocket class. */
export interface WebSocketClass {
  new (url: string): WebSocket;
  readonly OPEN: number;
}

const FINAL_CODES = new Set<number>([RoomCloseCode.Left, RoomCloseCode.Unauthorized, RoomCloseCode.NotFound]);

/**
 * After the server said it is moving (a drain), how long the page may be between nodes before the
 * user sees "reconnecting": a move takes a fraction of a second; longer is a real outage.
 */
export const MOVE_GRACE_MS = 8_000;

/**
 * The room's live channel. Reconnects by itself with backoff; a silent socket
 * (no frame for 2.5 ping intervals) is treated as dropped.
 */
export function createRoomChannelClient(options: RoomChannelClientOptions) {
  const status = signal<ChannelStatus>('connecting');
  const pingIntervalMs = options.pingIntervalMs ?? 10_000;
  const Socket = options.WebSocket ?? WebSocket;
  let ws: WebSocket | null = null;
  let attempt = 0;
  let disposed = false;
  let lastFrameAt = Date.now();
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set by the server's `moving`: the next close is a move to another node, not an outage. */
  let moving = false;
  let moveTimer: ReturnType<typeof setTimeout> | null = null;
  const outbox: string[] = [];

  const base = options.baseUrl ?? `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
  /** The credential of the next connection (see setToken). */
  let token = options.token;
  const urlWith = (credential: string) =>
    `${base}${ROOM_CHANNEL_PATH}${encodeURIComponent(options.meetingId)}` +
    `?participantId=${encodeURIComponent(options.participantId)}&token=${encodeURIComponent(credential)}`;

  function connect() {
    if (disposed) return;
    const state = options.mediaState?.();
    const sentToken = token;
    const url = urlWith(sentToken);
    const socket = new Socket(state ? `${url}&audioMuted=${Number(state.audioMuted)}&videoMuted=${Number(state.videoMuted)}` : url);
    ws = socket;
    socket.onopen = () => {
      attempt = 0;
      moving = false;
      if (moveTimer) clearTimeout(moveTimer);
      moveTimer = null;
      lastFrameAt = Date.now();
      status.value = 'open';
      for (const text of outbox.splice(0)) socket.send(text);
      options.onOpen?.();
    };
    socket.onmessage = (message) => {
      lastFrameAt = Date.now();
      if (typeof message.data !== 'string') return;
      const parsed = parseServerEvent(message.data);
      if (!parsed.ok) {
        console.warn('room channel: ignoring a malformed event:', parsed.message);
        return;
      }
      if (parsed.value.type === 'moving') moving = true;
      options.onEvent(parsed.value);
    };
    socket.onclose = (event) => {
      if (ws !== socket) return;
      ws = null;
      if (disposed) return;
      // Opened with a credential replaced meanwhile (a reservation's, taken by the join): once more with the new one.
      if (event.code === RoomCloseCode.Unauthorized && sentToken !== token) {
        retryTimer = setTimeout(connect, 0);
        return;
      }
      if (FINAL_CODES.has(event.code)) {
        status.value = 'closed';
        options.onRefused(event.code, event.reason);
        return;
      }
      if (moving || event.code === RoomCloseCode.Moving) {
        // A drain: straight to the node that takes over, and nothing to show unless it takes long.
        moving = false;
        moveTimer ??= setTimeout(() => {
          moveTimer = null;
          if (ws?.readyState !== Socket.OPEN && !disposed) status.value = 'reconnecting';
        }, MOVE_GRACE_MS);
        retryTimer = setTimeout(connect, 0);
        return;
      }
      if (!moveTimer) status.value = 'reconnecting';
      const delay = Math.min(5_000, 250 * 2 ** attempt++);
      retryTimer = setTimeout(connect, delay);
    };
  }

  const pinger = setInterval(() => {
    if (!ws || ws.readyState !== Socket.OPEN) return;
    if (Date.now() - lastFrameAt > pingIntervalMs * 2.5) {
      ws.close(); // onclose schedules the reconnect
      return;
    }
    send({ type: 'ping', at: Date.now() });
  }, pingIntervalMs);

  /** Sends now when the socket is open (true), else queues it for the next open (false; pings are dropped). */
  function send(message: ClientMessage): boolean {
    const text = JSON.stringify(message);
    if (ws && ws.readyState === Socket.OPEN) {
      ws.send(text);
      return true;
    }
    if (message.type !== 'ping') outbox.push(text);
    return false;
  }

  connect();

  return {
    status: status as ReadonlySignal<ChannelStatus>,
    send,
    /**
     * The credential for the next connections: a channel held for a reservation
     * (server/rooms/reservations.ts) goes on with the participant token its join returned.
     */
    setToken(next: string) {
      token = next;
    },
    /** Reconnect now (e.g. when the browser says it is back online). */
    reconnectNow() {
      if (ws || disposed) return;
      if (retryTimer) clearTimeout(retryTimer);
      connect();
    },
    dispose() {
      disposed = true;
      clearInterval(pinger);
      if (retryTimer) clearTimeout(retryTimer);
      if (moveTimer) clearTimeout(moveTimer);
      ws?.close(1000, 'client closed');
      ws = null;
      status.value = 'closed';
    },
  };
}

export type RoomChannelClient = ReturnType<typeof createRoomChannelClient>;
