import { describe, expect, it } from 'vitest';
import { judgePeerMessage, type SocketContext } from './signalling-policy.ts';

const context = (over: Partial<SocketContext> = {}): SocketContext => ({
  isCurrent: () => true,
  sender: () => 'present',
  inSameRoom: (id) => id === 'friend',
  ...over,
});
const msg = (m: unknown) => JSON.stringify(m);

describe('judgePeerMessage', () => {
  it.each([
    ['a heartbeat', msg({ type: 'HEARTBEAT' }), true],
    ['an offer to a participant of the same meeting', msg({ type: 'OFFER', dst: 'friend', payload: {} }), true],
    ['an answer to the same meeting', msg({ type: 'ANSWER', dst: 'friend' }), true],
    ['a candidate to the same meeting', msg({ type: 'CANDIDATE', dst: 'friend' }), true],
    ['a leave to the same meeting', msg({ type: 'LEAVE', dst: 'friend' }), true],
    ['a leave of its own peer (no destination)', msg({ type: 'LEAVE' }), true],
    ['an offer to someone of another meeting', msg({ type: 'OFFER', dst: 'stranger' }), false],
    ['a candidate to someone of another meeting', msg({ type: 'CANDIDATE', dst: 'stranger' }), false],
    ['a leave to someone of another meeting', msg({ type: 'LEAVE', dst: 'stranger' }), false],
    ['an offer without a destination', msg({ type: 'OFFER' }), false],
    ['an offer with a non-text destination', msg({ type: 'OFFER', dst: 7 }), false],
    ['an EXPIRE (only the server sends those)', msg({ type: 'EXPIRE', dst: 'friend' }), false],
    ['an unknown type', msg({ type: 'ID-TAKEN', dst: 'friend' }), false],
    ['no type', msg({ dst: 'friend' }), false],
    ['not JSON', 'hello', false],
    ['a JSON list', msg(['OFFER']), false],
    ['JSON null', 'null', false],
  ])('%s → relay %s', (_name, raw, relay) => {
    expect(judgePeerMessage(raw, context()).relay).toBe(relay);
  });

  it('drops everything, and closes, from a socket that was replaced or a sender who left', () => {
    const heartbeat = msg({ type: 'HEARTBEAT' });
    expect(judgePeerMessage(heartbeat, context({ isCurrent: () => false }))).toMatchObject({ relay: false, close: true });
    expect(judgePeerMessage(heartbeat, context({ sender: () => 'gone' }))).toMatchObject({ relay: false, close: true });
  });

  it('keeps the socket of someone not yet on the roster (heartbeats go on) but relays nothing of theirs', () => {
    const pending = context({ sender: () => 'pending' });
    expect(judgePeerMessage(msg({ type: 'HEARTBEAT' }), pending).relay).toBe(true);
    expect(judgePeerMessage(msg({ type: 'OFFER', dst: 'friend' }), pending)).toEqual({
      relay: false,
      reason: 'OFFER from someone not on the roster yet',
    });
  });
});
