import { ConfigError } from '../config-error.ts';
import type { JanusEndpoint } from './janus-supervisor.ts';
import { DEFAULT_RTP_PORT_RANGE, parseRtpPortRange } from './rtp-port-range.ts';

/** How a meeting's media travels: a full mesh for small rooms, Janus (VideoRoom) above MESH_MAX. */
export interface SfuSettings {
  sfu: {
    /** `SFU`: off (mesh only) or janus. */
    mode: 'off' | 'janus';
    /** `MESH_MAX`: the most participants on the mesh; one more moves the meeting to the SFU. */
    meshMax: number;
    /** `ROOM_MAX`; null: 50 with a running SFU, 6 without (effectiveRoomMax). */
    roomMax: number | null;
    /** A Janus run as its own service (JANUS_WS_URL…); null: our server starts Debian's Janus itself. */
    external: JanusEndpoint | null;
    /** For a Janus we start: `JANUS_BIN`, UDP ports `JANUS_RTP_PORTS`, `JANUS_NAT_1_1` (public address), `JANUS_ICE_ENFORCE` (interfaces). */
    bin: string;
    rtpPortRange: string;
    nat1to1: string | null;
    iceEnforceList: string | null;
  };
}

export const MESH_ROOM_MAX = 6;
export const SFU_ROOM_MAX = 50;

/** The room cap in force: ROOM_MAX, else 50 when the SFU runs and 6 on a mesh only. */
export const effectiveRoomMax = (sfu: SfuSettings['sfu'], sfuRunning: boolean): number =>
  sfu.roomMax ?? (sfuRunning ? SFU_ROOM_MAX : MESH_ROOM_MAX);

function count(env: NodeJS.ProcessEnv, name: string, fallback: number | null, min: number, max: number): number | null {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

function wsUrl(env: NodeJS.ProcessEnv, name: string): string {
  const raw = env[name]?.trim() ?? '';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a WebSocket URL such as ws://127.0.0.1:8188/, got "${raw}"`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new ConfigError(`${name} must start with ws:// or wss://`);
  return url.href;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value || value.length < 16)
    throw new ConfigError(`${name} is required with JANUS_WS_URL, at least 16 characters (the same as in janus.jcfg)`);
  return value;
}

function parseExternal(env: NodeJS.ProcessEnv): JanusEndpoint | null {
  if (!env.JANUS_WS_URL?.trim()) return null;
  return {
    wsUrl: wsUrl(env, 'JANUS_WS_URL'),
    adminUrl: env.JANUS_ADMIN_URL?.trim() ? wsUrl(env, 'JANUS_ADMIN_URL') : '',
    apiSecret: required(env, 'JANUS_API_SECRET'),
    adminSecret: env.JANUS_ADMIN_SECRET?.trim() ?? '',
    roomAdminKey: required(env, 'JANUS_ROOM_ADMIN_KEY'),
  };
}

export function parseSfuSettings(env: NodeJS.ProcessEnv): SfuSettings {
  const mode = (env.SFU?.trim() || 'off').toLowerCase();
  if (mode !== 'off' && mode !== 'janus') throw new ConfigError(`SFU must be "off" or "janus", got "${env.SFU}"`);
  const meshMax = count(env, 'MESH_MAX', 4, 2, 50) as number;
  const roomMax = count(env, 'ROOM_MAX', null, 2, 500);
  if (roomMax !== null && mode === 'janus' && roomMax < meshMax) {
    throw new ConfigError(`ROOM_MAX (${roomMax}) is below MESH_MAX (${meshMax}): the SFU would never be used`);
  }
  const rtpPortRange = env.JANUS_RTP_PORTS?.trim() || DEFAULT_RTP_PORT_RANGE;
  parseRtpPortRange(rtpPortRange);
  return {
    sfu: {
      mode,
      meshMax,
      roomMax,
      external: mode === 'janus' ? parseExternal(env) : null,
      bin: env.JANUS_BIN?.trim() || '/usr/bin/janus',
      rtpPortRange,
      nat1to1: env.JANUS_NAT_1_1?.trim() || null,
      iceEnforceList: env.JANUS_ICE_ENFORCE?.trim() || null,
    },
  };
}

/** SFU settings for tests: mesh only, the defaults. */
export const testSfuSettings = (overrides: Partial<SfuSettings['sfu']> = {}): SfuSettings['sfu'] => ({
  mode: 'off',
  meshMax: 4,
  roomMax: null,
  external: null,
  bin: '/usr/bin/janus',
  rtpPortRange: DEFAULT_RTP_PORT_RANGE,
  nat1to1: null,
  iceEnforceList: null,
  ...overrides,
});
