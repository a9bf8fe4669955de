import { WebSocket } from 'ws';
import {
  parsePeerServerMessage,
  PEERJS_HEARTBEAT_MS,
  PEERJS_VERSION,
  type PeerClientMessage,
  type PeerServerMessage,
} from '../../../shared/peerjs/signalling.ts';
import { logFor } from '../../lib/log.ts';

const log = logFor('dial-in');

export interface PeerJsClientOptions {
  /** ws(s)://host:port of our own server. */
  origin: string;
  /** The meeting's PeerJS path (`peerPathFor`), ending in `/`. */
  path: string;
  key: string;
  id: string;
  token: string;
  /** Every valid message from PeerServer after OPEN. */
  onMessage: (message: PeerServerMessage) => void;
  /** The socket closed after OPEN (PeerServer gone, or we closed it). */
  onClose: (reason: string) => void;
  openTimeoutMs?: number;
}

export interface PeerJsClient {
  send(message: PeerClientMessage): void;
  close(): void;
}

/**
 * A PeerJS client's signalling socket, as the browser's `Peer` opens it:
 * `{path}peerjs?key=&id=&token=&version=`, OPEN once accepted, HEARTBEAT every 5 s.
 * Resolves once OPEN arrives; rejects on ERROR, ID-TAKEN, INVALID-KEY, a refused
 * upgrade or a timeout.
 */
export function connectPeerJs(options: PeerJsClientOptions): Promise<PeerJsClient> {
  const query = new URLSearchParams({ key: options.key, id: options.id, token: options.token, version: PEERJS_VERSION });
  const ws = new WebSocket(`${options.origin}${options.path}peerjs?${query}`);
  let opened = false;
  let heartbeat: ReturnType<typeof setInterval> | null = null;

  const client: PeerJsClient = {
    send(message) {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
    },
    close() {
      if (heartbeat) clearInterval(heartbeat);
      ws.close(1000);
    },
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail('PeerServer did not open in time'), options.openTimeoutMs ?? 10_000);
    function fail(reason: string) {
      clearTimeout(timer);
      if (heartbeat) clearInterval(heartbeat);
      ws.removeAllListeners('close');
      ws.terminate();
      reject(new Error(reason));
    }
    ws.on('error', (error) => {
      if (!opened) fail(`PeerServer socket: ${error.message}`);
    });
    ws.on('unexpected-response', (_req, res) => fail(`PeerServer refused the socket (${res.statusCode})`));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const parsed = parsePeerServerMessage(data.toString());
      if (!parsed.ok) {
        log.warn(`ignoring a PeerServer message: ${parsed.message}`);
        return;
      }
      const message = parsed.value;
      if (!opened) {
        if (message.type === 'OPEN') {
          opened = true;
          clearTimeout(timer);
          heartbeat = setInterval(() => client.send({ type: 'HEARTBEAT' }), PEERJS_HEARTBEAT_MS);
          resolve(client);
        } else if (message.type === 'ERROR' || message.type === 'ID-TAKEN' || message.type === 'INVALID-KEY') {
          fail(`PeerServer said ${message.type}${message.payload?.msg ? `: ${message.payload.msg}` : ''}`);
        }
        return;
      }
      options.onMessage(message);
    });
    ws.on('close', (code, reason) => {
      if (heartbeat) clearInterval(heartbeat);
      if (!opened) fail(`PeerServer closed the socket (${code})`);
      else options.onClose(reason.toString() || String(code));
    });
  });
}
