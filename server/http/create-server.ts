import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { ErrorCode, type ApiErrorBody } from '../../shared/api/errors.ts';
import { createPeerGate, type PeerGateOptions } from '../signalling/peer-gate.ts';
import { rejectUpgrade } from './reject-upgrade.ts';
import { logFor } from '../lib/log.ts';

const log = logFor('http');

export interface UpgradeRoute {
  matches(pathname: string): boolean;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface ServerParts {
  app: Hono;
  peer: PeerGateOptions;
  /** Our own WebSocket endpoints (room channel, later media streams). */
  upgrades: UpgradeRoute[];
}

/**
 * One Node HTTP server for everything: Hono for the API and the PWA, and one upgrade
 * router that sends each WebSocket to its owner by path (PeerServer, room channel, …).
 */
export function createHttpServer(parts: ServerParts) {
  const hono = getRequestListener(parts.app.fetch, { errorHandler: answerUnreadableRequest });
  const server = createServer((req, res) => void hono(req, res));
  const peerGate = createPeerGate(server, parts.peer);

  const routes: UpgradeRoute[] = [peerGate, ...parts.upgrades];
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      return rejectUpgrade(socket, 400, 'Bad Request');
    }
    const route = routes.find((r) => r.matches(pathname));
    if (!route) return rejectUpgrade(socket, 404, 'Not Found');
    route.handleUpgrade(req, socket, head);
  });

  return { server, peerGate, closePeer: () => peerGate.close(), dropPeer: (id: string) => peerGate.disconnect(id) };
}

/**
 * A request that never reached the app because it could not be made into a `Request`
 * (a backslash in the path, a bad Host header): answered in the API's error shape rather
 * than with @hono/node-server's empty text/plain 400.
 */
function answerUnreadableRequest(error: unknown): Response {
  const unreadable = error instanceof Error && error.name === 'RequestError';
  if (!unreadable) log.error({ err: error }, 'request failed before the app');
  const body: ApiErrorBody = unreadable
    ? { error: { code: ErrorCode.BadRequest, message: 'the request could not be read' } }
    : { error: { code: ErrorCode.Internal, message: 'internal error' } };
  return Response.json(body, { status: unreadable ? 400 : 500, headers: { 'x-content-type-options': 'nosniff' } });
}

/** ws://… origin of a listening server as seen from this machine (0.0.0.0 and :: mean loopback). */
export function loopbackOrigin(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address.includes(':') ? `[${address}]` : address;
  return `ws://${host}:${port}`;
}
