import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { DEFAULT_TURN_TTL_SECONDS } from './turn-config.ts';

const base = { DATA_DIR: '/tmp/x' };
const TURN = { TURN_URLS: 'turn:turn.example.org:3478?transport=udp', TURN_SECRET: 's3cret' };

describe('TURN and ICE transport settings', () => {
  test.each([
    [{}, null, 'all'],
    [
      TURN,
      { urls: ['turn:turn.example.org:3478?transport=udp'], stunUrls: [], secret: 's3cret', ttlSeconds: DEFAULT_TURN_TTL_SECONDS },
      'all',
    ],
    [
      {
        TURN_URLS: ' stun:s.example.org:3478 , turn:t.example.org:3478 ,turns:t.example.org:443?transport=tcp',
        TURN_SECRET: 'x',
        TURN_TTL_SECONDS: '600',
      },
      {
        urls: ['turn:t.example.org:3478', 'turns:t.example.org:443?transport=tcp'],
        stunUrls: ['stun:s.example.org:3478'],
        secret: 'x',
        ttlSeconds: 600,
      },
      'all',
    ],
    [
      { TURN_URLS: '["turn:t.example.org:3478","stun:s.example.org"]', TURN_SECRET: 'x', ICE_TRANSPORT_POLICY: 'relay' },
      { urls: ['turn:t.example.org:3478'], stunUrls: ['stun:s.example.org'], secret: 'x', ttlSeconds: DEFAULT_TURN_TTL_SECONDS },
      'relay',
    ],
    [
      { TURN_URLS: 'stun:s.example.org' },
      { urls: [], stunUrls: ['stun:s.example.org'], secret: '', ttlSeconds: DEFAULT_TURN_TTL_SECONDS },
      'all',
    ],
    [{ ICE_SERVERS: '[{"urls":"turn:static.example.org","username":"u","credential":"c"}]', ICE_TRANSPORT_POLICY: 'relay' }, null, 'relay'],
  ])('%j', (env, turn, policy) => {
    const config = loadConfig({ ...base, ...env });
    expect(config.turn).toEqual(turn);
    expect(config.iceTransportPolicy).toBe(policy);
  });

  test.each([
    [{ TURN_URLS: 'turn:t.example.org' }, /TURN_SECRET is required/],
    [{ TURN_SECRET: 'x' }, /TURN_URLS lists no turn/],
    [{ TURN_URLS: 'http://t.example.org', TURN_SECRET: 'x' }, /not a stun:, stuns:, turn: or turns: URL/],
    [{ TURN_URLS: '["turn:t.example.org",3]', TURN_SECRET: 'x' }, /list of strings/],
    [{ TURN_URLS: '[turn:t', TURN_SECRET: 'x' }, /JSON list/],
    [{ ...TURN, TURN_TTL_SECONDS: '10' }, /TURN_TTL_SECONDS/],
    [{ ...TURN, TURN_TTL_SECONDS: '1.5h' }, /TURN_TTL_SECONDS/],
    [{ ICE_TRANSPORT_POLICY: 'relay' }, /needs a TURN server/],
    [{ ...TURN, ICE_TRANSPORT_POLICY: 'none' }, /"all" or "relay"/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });
});
