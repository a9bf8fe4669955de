import { describe, expect, it } from 'vitest';
import { LeaveReason } from '../../shared/room-events.ts';
import { createParticipantTokens } from './participant-tokens.ts';
import { RoomHub } from './room-hub.ts';

const SECRET = 'a cluster secret of at least 32 characters';
const claim = { meetingId: 'M', participantId: 'P', role: 'guest', name: 'Ana', grant: 'guest:link', deviceId: 'dev-0000000000000001' };
const options = { reconnectGraceMs: 30_000, unloadGraceMs: 5_000, joinTimeoutMs: 60_000 };

describe('participant tokens', () => {
  it('verify with the same secret only, and not once changed', () => {
    const token = createParticipantTokens(SECRET).sign(claim);
    expect(createParticipantTokens(SECRET).verify(token)).toEqual(claim);
    expect(createParticipantTokens(`${SECRET}!`).verify(token)).toBeNull();
    expect(createParticipantTokens().verify(token)).toBeNull();
    const [body, mac] = token.split('.');
    const forged = Buffer.from(Buffer.from(body!, 'base64url').toString().replace('"guest"', '"host"')).toString('base64url');
    expect(createParticipantTokens(SECRET).verify(`${forged}.${mac}`)).toBeNull();
    expect(createParticipantTokens(SECRET).verify('nonsense')).toBeNull();
  });
});

describe('a participant another node let in (failover)', () => {
  const nodeA = () => new RoomHub({ ...options, tokens: createParticipantTokens(SECRET) });
  const join = (hub: RoomHub) =>
    hub.join('M', {
      name: 'Ana',
      role: 'guest',
      audioMuted: false,
      videoMuted: false,
      grant: 'guest:link',
      deviceId: 'dev-0000000000000001',
    });

  it('is rebuilt from their signed token on a node sharing the secret, as who they were', () => {
    const { participant, token } = join(nodeA());
    const b = nodeA();
    expect(b.authenticate('M', participant.id, token)).toMatchObject({ id: participant.id, name: 'Ana', role: 'guest' });
    expect(b.grantOf('M', participant.id)).toBe('guest:link');
    expect(b.restoredOf('M', participant.id)).toEqual({ deviceId: 'dev-0000000000000001' });
    // The rejoin of their page keeps the identity.
    const again = b.join('M', {
      name: 'Ana',
      role: 'guest',
      audioMuted: false,
      videoMuted: false,
      rejoin: { participantId: participant.id, token },
    });
    expect(again).toMatchObject({ rejoined: true, token, participant: { id: participant.id } });
  });

  it('shows the others what their page sends from the start (the state on the channel), not "camera off"', () => {
    const { participant, token } = join(nodeA());
    const b = nodeA();
    const other = join(b);
    const seen: { type: string; participant?: { audioMuted: boolean; videoMuted: boolean } }[] = [];
    b.connect('M', other.participant.id, { send: (t) => void seen.push(JSON.parse(t)), close() {} });
    expect(b.authenticate('M', participant.id, token)).not.toBeNull();
    b.connect('M', participant.id, { send() {}, close() {} }, { audioMuted: true, videoMuted: false });
    expect(seen.find((e) => e.type === 'participant-joined')?.participant).toMatchObject({ audioMuted: true, videoMuted: false });
    // Someone this node let in itself keeps what they joined with.
    const third = b.join('M', { name: 'Bo', role: 'guest', audioMuted: false, videoMuted: false });
    b.connect('M', third.participant.id, { send() {}, close() {} }, { audioMuted: true, videoMuted: true });
    expect(b.participants('M').find((p) => p.id === third.participant.id)).toMatchObject({ audioMuted: false, videoMuted: false });
  });

  it('is not rebuilt in another meeting, with another secret, or after leaving on this node', () => {
    const { participant, token } = join(nodeA());
    expect(nodeA().authenticate('other', participant.id, token)).toBeNull();
    expect(new RoomHub(options).authenticate('M', participant.id, token)).toBeNull();
    const b = nodeA();
    expect(b.authenticate('M', participant.id, token)).not.toBeNull();
    b.leave('M', participant.id, LeaveReason.Removed);
    expect(b.authenticate('M', participant.id, token)).toBeNull();
  });

  it('is not who this node let in itself', () => {
    const a = nodeA();
    const { participant } = join(a);
    expect(a.restoredOf('M', participant.id)).toBeNull();
  });
});
