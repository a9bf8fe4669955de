import path from 'node:path';
import * as v from 'valibot';
import { IceServerSchema, type IceServer } from '../shared/api/participants.ts';
import { parseAdminSettings, type AdminSettings } from './admin/admin-config.ts';
import { parseWebhookSettings, type WebhookSettings } from './webhooks/webhook-config.ts';
import { ConfigError } from './config-error.ts';
import { parseTrustProxy, type TrustProxy } from './http/forwarded.ts';
import { parseRtcSettings, type RtcSettings } from './turn/turn-config.ts';
import { parseSfuSettings, type SfuSettings, testSfuSettings } from './sfu/sfu-config.ts';

export { ConfigError };
import { RECORDING_MAX_BYTES_DEFAULT } from '../shared/api/recordings.ts';

/** Everything the server reads from the environment, validated once at start. */
export interface Config extends RtcSettings, AdminSettings, SfuSettings {
  port: number;
  host: string;
  dataDir: string;
  /**
   * PostgreSQL (`postgres://user:password@host:5432/db`) for everything that lasts, shared by any
   * number of server processes; null keeps it in `DATA_DIR` with lowdb (storage/open-storage.ts).
   */
  databaseUrl: string | null;
  /** Connections each server process keeps to PostgreSQL. */
  databasePoolSize: number;
  /**
   * Key of the participant tokens (rooms/participant-tokens.ts), the same on every node of a cluster
   * so that any node accepts a token another issued; null: a random key per process (one node).
   */
  clusterSecret: string | null;
  /** This node's name in a cluster, sent as `X-Node` on every answer (cluster/node-header.ts); null sends none. */
  nodeName: string | null;
  /**
   * SIGTERM in a cluster (CLUSTER_SECRET set): how many health checks answered "draining" before
   * this node moves its pages (HAProxy's `fall`), and the longest it waits for them (cluster/drain.ts).
   */
  drain: { checks: number; maxWaitMs: number };
  /** Built PWA to serve; empty to serve none (API-only tests). */
  pwaDir: string;
  /** Public origin used in links we hand out (emails, invites). */
  publicUrl: string | null;
  iceServers: IceServer[];
  peerKey: string;
  /** How long a participant whose channel dropped stays "reconnecting" before they count as gone. */
  reconnectGraceMs: number;
  /** Shorter grace when the browser closed the channel on purpose (page unload): a refresh comes back within it. */
  unloadGraceMs: number;
  /** A participant that joined over REST but never opened its channel is dropped after this. */
  joinTimeoutMs: number;
  /** Which reverse proxies' X-Forwarded-* headers to believe (http/forwarded.ts). */
  trustProxy: TrustProxy;
  /** The bearer token `/metrics` asks for; null (METRICS_TOKEN unset) answers 404 there. */
  metricsToken: string | null;
  /** smtp(s)://user:pass@host:port; null writes mail to DATA_DIR/outbox instead. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Largest file that can be shared in the chat. */
  fileMaxBytes: number;
  /** Telephone dial-in (Twilio-compatible webhooks); null when `DIALIN_NUMBER` is not set. */
  dialIn: DialInConfig | null;
  /** Recording add-on: the most one recording may hold, and how long without a chunk before it is finalised. */
  recording: { maxBytes: number; idleMs: number };
  /** Webhook deliveries: retries, time-outs, and whether private addresses may be reached. */
  webhooks: WebhookSettings;
}

export interface DialInConfig {
  /** The number callers dial, as shown to people. */
  number: string;
  /** Key of the `X-Twilio-Signature` HMAC on every webhook. */
  authToken: string;
  /** Callers bridged at once by this server; more hear "busy" (each costs CPU for its audio). */
  maxCalls: number;
}

const IceServersSchema = v.array(IceServerSchema);

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function parseIceServers(raw: string | undefined): IceServer[] {
  if (raw === undefined || raw.trim() === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError('ICE_SERVERS must be JSON, e.g. [{"urls":"stun:stun.example.org:3478"}]');
  }
  const result = v.safeParse(IceServersSchema, json);
  if (!result.success) throw new ConfigError(`ICE_SERVERS is not a list of RTCIceServer: ${v.summarize(result.issues)}`);
  return result.output;
}

function parsePublicUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('PUBLIC_URL must be http(s)');
  return url.origin;
}

function parseDialIn(env: NodeJS.ProcessEnv): DialInConfig | null {
  const number = env.DIALIN_NUMBER?.trim();
  if (!number) return null;
  if (!/^\+?[0-9][0-9 ()./-]{3,30}$/.test(number)) {
    throw new ConfigError(`DIALIN_NUMBER must be a phone number such as "+1 555 010 0199", got "${number}"`);
  }
  const authToken = env.TWILIO_AUTH_TOKEN?.trim();
  if (!authToken) throw new ConfigError('TWILIO_AUTH_TOKEN is required with DIALIN_NUMBER (webhooks are signed with it)');
  return { number, authToken, maxCalls: int(env, 'DIALIN_MAX_CALLS', 20, 1, 1000) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const iceServers = parseIceServers(env.ICE_SERVERS);
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(cwd, env.DATA_DIR || 'data'),
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    clusterSecret: parseClusterSecret(env.CLUSTER_SECRET),
    nodeName: env.NODE_NAME?.trim() || null,
    drain: { checks: int(env, 'DRAIN_CHECKS', 3, 0, 100), maxWaitMs: int(env, 'DRAIN_WAIT_MS', 10_000, 0, 600_000) },
    pwaDir: path.resolve(cwd, env.PWA_DIR || 'dist/pwa'),
    publicUrl: parsePublicUrl(env.PUBLIC_URL),
    iceServers,
    ...parseRtcSettings(env, iceServers),
    peerKey: env.PEER_KEY || 'peerjs',
    reconnectGraceMs: int(env, 'RECONNECT_GRACE_MS', 30_000, 0, 600_000),
    unloadGraceMs: int(env, 'UNLOAD_GRACE_MS', 6_000, 0, 600_000),
    joinTimeoutMs: int(env, 'JOIN_TIMEOUT_MS', 30_000, 1_000, 600_000),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    metricsToken: parseMetricsToken(env.METRICS_TOKEN),
    smtpUrl: parseSmtpUrl(env.SMTP_URL),
    mailFrom: env.MAIL_FROM || 'Meeting room <no-reply@localhost>',
    fileMaxBytes: int(env, 'FILE_MAX_BYTES', 25 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
    dialIn: parseDialIn(env),
    ...parseAdminSettings(env),
    webhooks: parseWebhookSettings(env),
    ...parseSfuSettings(env),
    recording: {
      maxBytes: int(env, 'RECORDING_MAX_BYTES', RECORDING_MAX_BYTES_DEFAULT, 1024 * 1024, 2 ** 50),
      idleMs: int(env, 'RECORDING_IDLE_MS', 30_000, 1_000, 3_600_000),
    },
  };
}

function parseDatabaseUrl(raw: string | undefined): string | null {
  if (!raw?.trim()) return null;
  const example = 'postgres://user:password@localhost:5432/meetings';
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`DATABASE_URL must be a PostgreSQL URL such as ${example}`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgres:// (or postgresql://), e.g. ${example}; got "${url.protocol}//…"`);
  }
  if (!url.hostname && !url.searchParams.get('host')) throw new ConfigError(`DATABASE_URL names no host, e.g. ${example}`);
  if (url.pathname.length <= 1) throw new ConfigError(`DATABASE_URL names no database (the path after the host), e.g. ${example}`);
  return raw.trim();
}

function parseMetricsToken(raw: string | undefined): string | null {
  const token = raw?.trim();
  if (!token) return null;
  if (token.length < 16 || !/^[\x21-\x7e]+$/.test(token)) {
    throw new ConfigError('METRICS_TOKEN must be at least 16 printable characters without spaces (e.g. openssl rand -hex 24)');
  }
  return token;
}

function parseClusterSecret(raw: string | undefined): string | null {
  if (!raw) return null;
  if (raw.length < 32) throw new ConfigError('CLUSTER_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)');
  return raw;
}

function parseSmtpUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol === 'smtp:' || url.protocol === 'smtps:') return raw;
  } catch {
    /* fall through */
  }
  throw new ConfigError('SMTP_URL must look like smtp://user:password@host:587 or smtps://…');
}

/** Config for tests: sensible values without touching the environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: '/nonexistent',
    databaseUrl: null,
    databasePoolSize: 10,
    clusterSecret: null,
    nodeName: null,
    drain: { checks: 3, maxWaitMs: 10_000 },
    pwaDir: '',
    publicUrl: 'http://localhost:3000',
    iceServers: [],
    turn: null,
    iceTransportPolicy: 'all',
    peerKey: 'peerjs',
    reconnectGraceMs: 30_000,
    unloadGraceMs: 6_000,
    joinTimeoutMs: 30_000,
    trustProxy: null,
    metricsToken: null,
    smtpUrl: null,
    mailFrom: 'Meeting room <no-reply@localhost>',
    fileMaxBytes: 25 * 1024 * 1024,
    dialIn: null,
    adminEmails: [],
    newAccountFeatures: { recording: false, backgroundBlur: false },
    recording: { maxBytes: RECORDING_MAX_BYTES_DEFAULT, idleMs: 30_000 },
    webhooks: { allowPrivate: false, retryBaseMs: 50, retryMaxMs: 1_000, giveUpAfterMs: 24 * 60 * 60_000, timeoutMs: 2_000, pollMs: 20 },
    // Many tests fill a room with more people than the mesh's cap of 6; the cap's own tests set it.
    sfu: testSfuSettings({ roomMax: 500 }),
    ...overrides,
  };
}
