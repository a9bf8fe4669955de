/**
 * Janus's JSON API over any text socket, for our server (over `ws`, to Janus) and the page (over the
 * browser's WebSocket, to our proxy): transactions with time-outs, sessions kept alive, plugin
 * handles. Plain TypeScript; the socket is given as `send` and fed with `receive`.
 */

export type JanusMessage = Record<string, unknown> & { janus: string; transaction?: string };
export type Jsep = { type: string; sdp: string };

export class JanusError extends Error {
  readonly code: number;
  constructor(code: number, reason: string) {
    super(`janus error ${code}: ${reason}`);
    this.name = 'JanusError';
    this.code = code;
  }
}

interface Pending {
  resolve(message: JanusMessage): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
  /** `message` requests answer `ack` first and the result later as an `event`: wait for that. */
  waitForEvent: boolean;
}

export interface JanusApi {
  /** Sends a request and waits for its answer (`success`, or the `event` of a plugin message). */
  request(body: Record<string, unknown>, options?: { waitForEvent?: boolean }): Promise<JanusMessage>;
  /** Feed every text frame the socket receives. */
  receive(text: string): void;
  /** Messages that answer no transaction of ours (webrtcup, hangup, trickle, plugin events…). */
  onEvent(listener: (message: JanusMessage) => void): () => void;
  /** The socket closed: every pending request fails. */
  closed(reason: string): void;
  readonly isClosed: boolean;
}

export interface JanusApiOptions {
  send(text: string): void;
  timeoutMs?: number;
  /** Fields added to every request (our server's `apisecret`; the page adds none, the proxy does). */
  extra?: Record<string, unknown>;
}

const newTransaction = () => globalThis.crypto.randomUUID();

export function createJanusApi({ send, timeoutMs = 10_000, extra = {} }: JanusApiOptions): JanusApi {
  const pending = new Map<string, Pending>();
  const listeners = new Set<(message: JanusMessage) => void>();
  let isClosed = false;
  return {
    get isClosed() {
      return isClosed;
    },
    request(body, { waitForEvent = false } = {}) {
      if (isClosed) return Promise.reject(new Error('janus connection closed'));
      const transaction = newTransaction();
      return new Promise<JanusMessage>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(transaction);
          reject(new Error(`janus did not answer "${String(body.janus)}" within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(transaction, { resolve, reject, timer, waitForEvent });
        send(JSON.stringify({ ...body, ...extra, transaction }));
      });
    },
    receive(text) {
      let message: JanusMessage;
      try {
        message = JSON.parse(text) as JanusMessage;
      } catch {
        return;
      }
      if (typeof message !== 'object' || message === null || typeof message.janus !== 'string') return;
      const waiting = message.transaction ? pending.get(message.transaction) : undefined;
      if (!waiting) {
        for (const listener of listeners) listener(message);
        return;
      }
      if (message.janus === 'ack' && waiting.waitForEvent) return;
      pending.delete(message.transaction!);
      clearTimeout(waiting.timer);
      const error = message.error as { code: number; reason: string } | undefined;
      if (message.janus === 'error' && error) waiting.reject(new JanusError(error.code, error.reason));
      else waiting.resolve(message);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    closed(reason) {
      isClosed = true;
      for (const waiting of pending.values()) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error(`janus connection closed: ${reason}`));
      }
      pending.clear();
    },
  };
}

/** A plugin's answer inside `plugindata.data`; its `error` becomes a JanusError. */
export function pluginData(message: JanusMessage): Record<string, unknown> {
  const data = (message.plugindata as { data?: Record<string, unknown> } | undefined)?.data ?? {};
  if (typeof data.error === 'string') throw new JanusError(Number(data.error_code ?? 0), data.error);
  return data;
}

export interface JanusHandle {
  readonly id: number;
  /** A synchronous plugin request (create, destroy, kick, exists…): its `plugindata.data`. */
  request(body: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** An asynchronous plugin request (join, configure…): the `event` that answers it, with its jsep. */
  message(body: Record<string, unknown>, jsep?: Jsep): Promise<{ data: Record<string, unknown>; jsep?: Jsep }>;
  /** A local ICE candidate, or null once gathering completed. */
  trickle(candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null): Promise<void>;
  /** Plugin events that answer no request of ours (new publishers, leavings, renegotiations). */
  onEvent(listener: (data: Record<string, unknown>, jsep: Jsep | undefined) => void): () => void;
  detach(): Promise<void>;
}

export interface JanusSession {
  readonly id: number;
  attach(plugin: string): Promise<JanusHandle>;
  destroy(): Promise<void>;
}

/** What sessions need of a connection. */
export type JanusRequester = Pick<JanusApi, 'request' | 'onEvent' | 'isClosed'>;

/** Creates a session and keeps it alive (Janus drops sessions silent for its `session_timeout`). */
export async function createSession(api: JanusRequester, keepaliveMs = 25_000): Promise<JanusSession> {
  const created = await api.request({ janus: 'create' });
  const id = (created.data as { id: number }).id;
  const keepalive = setInterval(() => {
    if (api.isClosed) clearInterval(keepalive);
    else api.request({ janus: 'keepalive', session_id: id }).catch(() => undefined);
  }, keepaliveMs);
  (keepalive as { unref?: () => void }).unref?.();
  return {
    id,
    async attach(plugin) {
      const attached = await api.request({ janus: 'attach', session_id: id, plugin });
      const handleId = (attached.data as { id: number }).id;
      const base = { session_id: id, handle_id: handleId };
      return {
        id: handleId,
        async request(body) {
          return pluginData(await api.request({ janus: 'message', ...base, body }));
        },
        async message(body, jsep) {
          const event = await api.request({ janus: 'message', ...base, body, ...(jsep ? { jsep } : {}) }, { waitForEvent: true });
          return { data: pluginData(event), jsep: event.jsep as Jsep | undefined };
        },
        async trickle(candidate) {
          await api.request({ janus: 'trickle', ...base, candidate: candidate ?? { completed: true } });
        },
        onEvent(listener) {
          return api.onEvent((message) => {
            if (message.janus !== 'event' || message.sender !== handleId) return;
            const data = (message.plugindata as { data?: Record<string, unknown> } | undefined)?.data ?? {};
            listener(data, message.jsep as Jsep | undefined);
          });
        },
        async detach() {
          await api.request({ janus: 'detach', ...base });
        },
      };
    },
    async destroy() {
      clearInterval(keepalive);
      await api.request({ janus: 'destroy', session_id: id });
    },
  };
}
