import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Server-side request forgery: a webhook URL must not make the server call into its own network
 * (loopback, private, link-local, carrier-grade NAT, multicast and reserved ranges, IPv4-mapped or
 * NAT64 forms of them). Checked when an endpoint is registered and again at every connection,
 * on the address actually connected to (a name that resolves elsewhere later changes nothing).
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** An IPv4 address inside an IPv6 one (`::ffff:a.b.c.d`, `64:ff9b::a.b.c.d`), as dotted text; else null. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const prefix = ['::ffff:', '64:ff9b::'].find((p) => lower.startsWith(p));
  if (!prefix) return null;
  const rest = lower.slice(prefix.length);
  if (isIP(rest) === 4) return rest;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(rest);
  if (!hex) return null;
  const n = (Number.parseInt(hex[1]!, 16) << 16) | Number.parseInt(hex[2]!, 16);
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
}

/** Is this IP address one a webhook may not reach (unless the operator allows private addresses)? */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const v4 = embeddedIpv4(address);
  return v4 ? blocked.check(v4, 'ipv4') : blocked.check(address, 'ipv6');
}

export class SsrfRefusal extends Error {}

const refusal = (host: string, address: string) =>
  new SsrfRefusal(
    `${host} is a private address (${address}); webhooks go only to public ones unless the operator sets WEBHOOKS_ALLOW_PRIVATE=true`,
  );

const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Registration: the URL's host (an address, or every address its name resolves to) must be public. */
export async function checkDestination(raw: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = bareHost(new URL(raw));
  if (isIP(host)) {
    if (isPrivateAddress(host)) throw refusal(host, host);
    return;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    throw new SsrfRefusal(`${host} cannot be resolved`);
  }
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  if (bad) throw refusal(host, bad.address);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for `http.request` that refuses private addresses at connection time. */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(Object.assign(refusal(hostname, bad.address), { code: 'ESSRF' }), []);
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}

/** The URL's host when it is an address literal (no lookup happens for those), for the connection-time check. */
export function literalAddressOf(raw: string): string | null {
  const host = bareHost(new URL(raw));
  return isIP(host) ? host : null;
}
