import { IceTransportPolicy, type IceServer } from '../../shared/api/rtc.ts';
import { ConfigError } from '../config-error.ts';

export interface TurnConfig {
  /** turn:/turns: URLs, handed out with fresh credentials. */
  urls: string[];
  /** STUN URLs listed in TURN_URLS (no credentials needed). */
  stunUrls: string[];
  /** Shared with coturn (`static-auth-secret`). */
  secret: string;
  ttlSeconds: number;
}

export interface RtcSettings {
  turn: TurnConfig | null;
  iceTransportPolicy: IceTransportPolicy;
}

export const DEFAULT_TURN_TTL_SECONDS = 6 * 60 * 60;
const URL_PATTERN = /^(stuns?|turns?):[^\s,]+$/;

/** `TURN_URLS`: a comma-separated list, or a JSON list of strings. */
export function parseUrlList(raw: string): string[] {
  const text = raw.trim();
  let list: unknown;
  if (text.startsWith('[')) {
    try {
      list = JSON.parse(text);
    } catch {
      throw new ConfigError('TURN_URLS must be comma-separated URLs or a JSON list of strings');
    }
    if (!Array.isArray(list) || !list.every((u) => typeof u === 'string')) {
      throw new ConfigError('TURN_URLS as JSON must be a list of strings, e.g. ["turn:turn.example.org:3478"]');
    }
  } else {
    list = text.split(',');
  }
  const urls = (list as string[]).map((u) => u.trim()).filter(Boolean);
  for (const url of urls) {
    if (!URL_PATTERN.test(url)) throw new ConfigError(`TURN_URLS: "${url}" is not a stun:, stuns:, turn: or turns: URL`);
  }
  return urls;
}

function ttlOf(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_TURN_TTL_SECONDS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 60 || n > 7 * 24 * 3600) {
    throw new ConfigError(`TURN_TTL_SECONDS must be a whole number of seconds from 60 to 604800, got "${raw}"`);
  }
  return n;
}

const isTurnUrl = (url: string) => url.startsWith('turn:') || url.startsWith('turns:');

/** TURN_URLS, TURN_SECRET, TURN_TTL_SECONDS and ICE_TRANSPORT_POLICY; `iceServers` is ICE_SERVERS, already parsed. */
export function parseRtcSettings(env: NodeJS.ProcessEnv, iceServers: IceServer[]): RtcSettings {
  const urls = env.TURN_URLS ? parseUrlList(env.TURN_URLS) : [];
  const secret = env.TURN_SECRET ?? '';
  const turnUrls = urls.filter(isTurnUrl);
  if (turnUrls.length && !secret)
    throw new ConfigError("TURN_SECRET is required with turn: URLs in TURN_URLS (coturn's static-auth-secret)");
  if (secret && !turnUrls.length) throw new ConfigError('TURN_SECRET is set but TURN_URLS lists no turn: or turns: URL');
  const ttlSeconds = ttlOf(env.TURN_TTL_SECONDS);
  const turn = urls.length ? { urls: turnUrls, stunUrls: urls.filter((u) => !isTurnUrl(u)), secret, ttlSeconds } : null;

  const policy = (env.ICE_TRANSPORT_POLICY ?? '').trim() || IceTransportPolicy.All;
  if (policy !== IceTransportPolicy.All && policy !== IceTransportPolicy.Relay) {
    throw new ConfigError(`ICE_TRANSPORT_POLICY must be "all" or "relay", got "${policy}"`);
  }
  const staticTurn = iceServers.some((s) => [s.urls].flat().some(isTurnUrl));
  if (policy === IceTransportPolicy.Relay && !turnUrls.length && !staticTurn) {
    throw new ConfigError('ICE_TRANSPORT_POLICY=relay needs a TURN server (TURN_URLS and TURN_SECRET, or a turn: entry in ICE_SERVERS)');
  }
  return { turn, iceTransportPolicy: policy };
}
