import WebSocket from 'ws';
import { createJanusApi, type JanusApi, type JanusMessage } from '../../shared/sfu/janus-api.ts';

export {
  createSession,
  JanusError,
  pluginData,
  type JanusHandle,
  type JanusMessage,
  type JanusSession,
} from '../../shared/sfu/janus-api.ts';

/**
 * Our server's connection to Janus's JSON API over a WebSocket (`janus-protocol`), the API itself
 * in shared/sfu/janus-api.ts: creating and destroying rooms, kicking, and the tests. Browsers
 * never reach Janus through it.
 */
export interface JanusConnectOptions {
  url: string;
  /** `apisecret` added to every request (the core's `api_secret`); none through our proxy. */
  secret?: string;
  /** Longest wait for an answer. */
  timeoutMs?: number;
}

export interface JanusConnection extends Omit<JanusApi, 'receive' | 'closed'> {
  onClose(listener: () => void): void;
  readonly closed: boolean;
  close(): void;
}

export function connectJanus(options: JanusConnectOptions): Promise<JanusConnection> {
  const ws = new WebSocket(options.url, 'janus-protocol');
  const api = createJanusApi({
    send: (text) => ws.send(text),
    timeoutMs: options.timeoutMs,
    extra: options.secret ? { apisecret: options.secret } : {},
  });
  const closeListeners: Array<() => void> = [];
  ws.on('message', (data) => api.receive(String(data)));
  ws.on('close', () => {
    api.closed('socket closed');
    for (const listener of closeListeners) listener();
  });
  const connection: JanusConnection = {
    get closed() {
      return api.isClosed;
    },
    get isClosed() {
      return api.isClosed;
    },
    request: (body, requestOptions) => api.request(body, requestOptions),
    onEvent: (listener: (message: JanusMessage) => void) => api.onEvent(listener),
    onClose: (listener) => void closeListeners.push(listener),
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(connection));
    // Before the open: the connection failed. After it: the close that follows fails what is pending
    // (a listener must stay, or ws would throw the error and stop the process).
    ws.on('error', (error) => reject(error));
  });
}
