import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config-error.ts';
import { effectiveRoomMax, parseSfuSettings } from './sfu-config.ts';

describe('SFU settings', () => {
  it('default to mesh only, MESH_MAX 4, and a cap of 6 (50 with a running SFU)', () => {
    const { sfu } = parseSfuSettings({});
    expect(sfu).toMatchObject({ mode: 'off', meshMax: 4, roomMax: null, external: null });
    expect(effectiveRoomMax(sfu, false)).toBe(6);
    expect(effectiveRoomMax(sfu, true)).toBe(50);
    expect(effectiveRoomMax(parseSfuSettings({ ROOM_MAX: '12' }).sfu, true)).toBe(12);
  });

  it('take an external Janus only with its secrets', () => {
    expect(() => parseSfuSettings({ SFU: 'janus', JANUS_WS_URL: 'ws://10.0.0.5:8188/' })).toThrow(/JANUS_API_SECRET/);
    const { sfu } = parseSfuSettings({
      SFU: 'janus',
      JANUS_WS_URL: 'ws://10.0.0.5:8188/',
      JANUS_API_SECRET: 'a'.repeat(20),
      JANUS_ROOM_ADMIN_KEY: 'b'.repeat(20),
    });
    expect(sfu.external).toMatchObject({ wsUrl: 'ws://10.0.0.5:8188/', apiSecret: 'a'.repeat(20), roomAdminKey: 'b'.repeat(20) });
  });

  it.each([
    [{ SFU: 'mediasoup' }, /SFU must be/],
    [{ MESH_MAX: '1' }, /MESH_MAX/],
    [{ SFU: 'janus', MESH_MAX: '8', ROOM_MAX: '5' }, /below MESH_MAX/],
    [{ SFU: 'janus', JANUS_WS_URL: 'http://x' }, /ws:\/\//],
    [{ JANUS_RTP_PORTS: 'lots' }, /JANUS_RTP_PORTS/],
  ])('refuse %o', (env, message) => {
    expect(() => parseSfuSettings(env)).toThrow(ConfigError);
    expect(() => parseSfuSettings(env)).toThrow(message);
  });
});
