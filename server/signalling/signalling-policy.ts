/**
 * What the PeerServer may relay. Every message a PeerJS socket sends passes here first:
 * a socket speaks for one participant of one meeting, and may reach only another
 * participant of that same meeting who is present in the room (on everyone's roster: their
 * room channel is open). Someone who joined but stays off the roster cannot call anyone, nor be
 * called. Anything else is dropped (and logged by the caller).
 */

/** The message types a PeerJS client sends that carry a destination. */
const RELAYED = new Set(['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE']);

export interface SocketContext {
  /** Is this socket still the participant's current one (a newer socket replaces it)? */
  isCurrent(): boolean;
  /** The sender in the socket's meeting: on the roster, joined but not yet on it, or gone. */
  sender(): 'present' | 'pending' | 'gone';
  /** Is `peerId` present in the socket's meeting (and not the sender)? */
  inSameRoom(peerId: string): boolean;
}

export type Verdict = { relay: true } | { relay: false; reason: string; close?: boolean };

const MAX_FRAME = 256 * 1024;

export function judgePeerMessage(raw: string, socket: SocketContext): Verdict {
  if (!socket.isCurrent()) return { relay: false, reason: 'socket was replaced by a newer one', close: true };
  const sender = socket.sender();
  if (sender === 'gone') return { relay: false, reason: 'sender is no longer in the meeting', close: true };
  if (raw.length > MAX_FRAME) return { relay: false, reason: 'frame too large' };
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return { relay: false, reason: 'not JSON' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return { relay: false, reason: 'not an object' };
  const { type, dst } = message as { type?: unknown; dst?: unknown };
  if (type === 'HEARTBEAT') return { relay: true };
  if (typeof type !== 'string' || !RELAYED.has(type))
    return { relay: false, reason: `type ${JSON.stringify(type)?.slice(0, 40)} is not relayed` };
  // A LEAVE without a destination is the client closing its own peer.
  if (type === 'LEAVE' && (dst === undefined || dst === null)) return { relay: true };
  if (typeof dst !== 'string' || dst.length > 128) return { relay: false, reason: `${type} without a valid destination` };
  if (sender !== 'present') return { relay: false, reason: `${type} from someone not on the roster yet` };
  if (!socket.inSameRoom(dst)) return { relay: false, reason: `${type} to a peer outside this meeting` };
  return { relay: true };
}
