import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { ConfigError } from '../config-error.ts';

/**
 * Which reverse proxies in front of us to believe (`TRUST_PROXY`), as Express's `trust proxy`:
 * a number of hops (`1`: one proxy that appends to X-Forwarded-For), or the proxies' addresses
 * and subnets (`127.0.0.1,10.0.0.0/8`). The client is then the address that many hops from the
 * right of X-Forwarded-For (or the first one from the right that is not a listed proxy): the
 * leftmost entries are whatever the client sent and are never believed.
 */
export type TrustProxy = { hops: number } | { proxies: BlockList; text: string } | null;

export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const text = raw?.trim() ?? '';
  if (text === '' || text === '0' || text === 'false') return null;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) throw new ConfigError(`TRUST_PROXY must be at most 10 hops, got ${text}`);
    return { hops };
  }
  const proxies = new BlockList();
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [address = '', prefix] = part.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? null : Number(prefix);
    if (!family || (bits !== null && (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)))) {
      throw new ConfigError(
        `TRUST_PROXY must be the number of proxies in front of the server (e.g. 1) or their addresses (e.g. 127.0.0.1,10.0.0.0/8); "${part}" is neither`,
      );
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === null) proxies.addAddress(address, type);
    else proxies.addSubnet(address, bits, type);
  }
  return { proxies, text };
}

/** IPv4 clients of a dual-stack socket show as `::ffff:1.2.3.4`. */
const plain = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

function isProxy(trust: NonNullable<TrustProxy>, address: string, hop: number): boolean {
  if ('hops' in trust) return hop < trust.hops;
  const ip = plain(address);
  const family = isIP(ip);
  return family !== 0 && trust.proxies.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** The address of the socket the request came in on. */
export function socketAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return plain(env?.incoming?.socket?.remoteAddress ?? 'unknown');
}

/** Whether the request came through a proxy we believe (so its X-Forwarded-* headers count). */
export const viaTrustedProxy = (c: Context, trust: TrustProxy) => trust !== null && isProxy(trust, socketAddress(c), 0);

/** The client's address, for per-IP limits: never a value the client could have written itself. */
export function clientAddress(c: Context, trust: TrustProxy): string {
  const socket = socketAddress(c);
  if (!trust) return socket;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .reverse();
  const chain = [socket, ...forwarded];
  let i = 0;
  while (i < chain.length - 1 && isProxy(trust, chain[i]!, i)) i++;
  return plain(chain[i]!);
}

/** The last value of a forwarded header: the one our own proxy set or appended. */
const nearest = (c: Context, name: string) => c.req.header(name)?.split(',').at(-1)?.trim() || null;

/** Did the client reach us over HTTPS (directly, or at a proxy we believe)? */
export function isHttps(c: Context, trust: TrustProxy): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return viaTrustedProxy(c, trust) && nearest(c, 'x-forwarded-proto') === 'https';
}

/** The origin the client used to reach us (scheme and host as it saw them). */
export function requestOrigin(c: Context, trust: TrustProxy): string {
  const own = new URL(c.req.url);
  const host = (viaTrustedProxy(c, trust) && nearest(c, 'x-forwarded-host')) || c.req.header('host') || own.host;
  return `${isHttps(c, trust) ? 'https' : 'http'}://${host}`;
}

/** Where links point and what Twilio signs: PUBLIC_URL, else the origin the request came in on. */
export function publicOrigin(c: Context, config: { publicUrl: string | null; trustProxy: TrustProxy }): string {
  return config.publicUrl ?? requestOrigin(c, config.trustProxy);
}
