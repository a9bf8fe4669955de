import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

/**
 * A small client of Janus's JSON API over a WebSocket (`janus-protocol`): transactions with
 * time-outs, sessions kept alive, plugin handles. Our server's own connection to Janus (creating
 * and destroying rooms, kicking) and the tests use it; browsers never reach Janus through it.
 */

export type JanusMessage = Record<string, unknown> & { janus: string; transaction?: string };

export class JanusError extends Error {
  readonly code: number;
  constructor(code: number, reason: string) {
    super(`janus error ${code}: ${reason}`);
    this.name = 'JanusError';
    this.code = code;
  }
}

export interface JanusConnectOptions {
  url: string;
  /** `apisecret` added to every request (the core's `api_secret`), or the admin secret on the admin API. */
  secret?: string;
  /** The admin API instead of the Janus API. */
  admin?: boolean;
  /** Longest wait for an answer. */
  timeoutMs?: number;
}

interface Pending {
  resolve(message: JanusMessage): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  /** `message` requests answer `ack` first and the result later as an `event`: wait for that. */
  waitForEvent: boolean;
}

export interface JanusConnection {
  /** Sends a request and waits for its answer (`success`, or an `event` for plugin messages). */
  request(body: Record<string, unknown>, options?: { waitForEvent?: boolean }): Promise<JanusMessage>;
  /** Messages that answer no transaction of ours (webrtcup, hangup, trickle, detached…). */
  onEvent(listener: (message: JanusMessage) => void): () => void;
  onClose(listener: () => void): void;
  readonly closed: boolean;
  close(): void;
}

export function connectJanus(options: JanusConnectOptions): Promise<JanusConnection> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const secretField = options.admin ? 'admin_secret' : 'apisecret';
  const ws = new WebSocket(options.url, options.admin ? 'janus-admin-protocol' : 'janus-protocol');
  const pending = new Map<string, Pending>();
  const listeners = new Set<(message: JanusMessage) => void>();
  const closeListeners: Array<() => void> = [];
  let closed = false;

  ws.on('message', (data) => {
    let message: JanusMessage;
    try {
      message = JSON.parse(String(data)) as JanusMessage;
    } catch {
      return;
    }
    const waiting = message.transaction ? pending.get(message.transaction) : undefined;
    if (!waiting || (message.janus === 'ack' && waiting.waitForEvent)) {
      if (!waiting) for (const listener of listeners) listener(message);
      return;
    }
    pending.delete(message.transaction!);
    clearTimeout(waiting.timer);
    const error = message.error as { code: number; reason: string } | undefined;
    if (message.janus === 'error' && error) waiting.reject(new JanusError(error.code, error.reason));
    else waiting.resolve(message);
  });
  ws.on('close', () => {
    closed = true;
    for (const [, waiting] of pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error('janus connection closed'));
    }
    pending.clear();
    for (const listener of closeListeners) listener();
  });

  const connection: JanusConnection = {
    get closed() {
      return closed;
    },
    request(body, { waitForEvent = false } = {}) {
      if (closed) return Promise.reject(new Error('janus connection closed'));
      const transaction = randomBytes(9).toString('base64url');
      return new Promise<JanusMessage>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(transaction);
          reject(new Error(`janus did not answer "${String(body.janus)}" within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(transaction, { resolve, reject, timer, waitForEvent });
        const secret = options.secret ? { [secretField]: options.secret } : {};
        ws.send(JSON.stringify({ ...body, ...secret, transaction }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.push(listener);
    },
    close() {
      ws.close();
    },
  };

  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(connection));
    ws.once('error', (error) => {
      if (!closed) reject(error);
    });
  });
}

/** A plugin's answer inside `plugindata.data`; its `error` becomes a JanusError. */
export function pluginData(message: JanusMessage): Record<string, unknown> {
  const data = (message.plugindata as { data?: Record<string, unknown> } | undefined)?.data ?? {};
  if (typeof data.error === 'string') throw new JanusError(Number(data.error_code ?? 0), data.error);
  return data;
}

export interface JanusSession {
  readonly id: number;
  attach(plugin: string): Promise<JanusHandle>;
  destroy(): Promise<void>;
}

export interface JanusHandle {
  readonly id: number;
  /** A synchronous plugin request (create, destroy, kick, exists…): its `plugindata.data`. */
  request(body: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** An asynchronous plugin request (join, configure…): the `event` that answers it, with its jsep. */
  message(body: Record<string, unknown>, jsep?: unknown): Promise<{ data: Record<string, unknown>; jsep?: { type: string; sdp: string } }>;
  trickle(candidate: unknown): Promise<void>;
  detach(): Promise<void>;
}

/** Creates a session and keeps it alive (Janus drops sessions silent for `session_timeout`). */
export async function createSession(connection: JanusConnection, keepaliveMs = 25_000): Promise<JanusSession> {
  const created = await connection.request({ janus: 'create' });
  const id = (created.data as { id: number }).id;
  const keepalive = setInterval(() => {
    connection.request({ janus: 'keepalive', session_id: id }).catch(() => undefined);
  }, keepaliveMs);
  keepalive.unref();
  connection.onClose(() => clearInterval(keepalive));
  return {
    id,
    async attach(plugin) {
      const attached = await connection.request({ janus: 'attach', session_id: id, plugin });
      const handleId = (attached.data as { id: number }).id;
      const base = { session_id: id, handle_id: handleId };
      return {
        id: handleId,
        async request(body) {
          return pluginData(await connection.request({ janus: 'message', ...base, body }));
        },
        async message(body, jsep) {
          const event = await connection.request({ janus: 'message', ...base, body, ...(jsep ? { jsep } : {}) }, { waitForEvent: true });
          return { data: pluginData(event), jsep: event.jsep as { type: string; sdp: string } | undefined };
        },
        async trickle(candidate) {
          await connection.request({ janus: 'trickle', ...base, candidate });
        },
        async detach() {
          await connection.request({ janus: 'detach', ...base });
        },
      };
    },
    async destroy() {
      clearInterval(keepalive);
      await connection.request({ janus: 'destroy', session_id: id });
    },
  };
}
