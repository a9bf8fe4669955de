import { readFileSync } from 'node:fs';
import { ConfigError } from '../config-error.ts';

/**
 * Janus's UDP media ports (`JANUS_RTP_PORTS`, janus.jcfg's `rtp_port_range`). The default stays
 * below Linux's ephemeral ports (32768–60999 unless changed in `net.ipv4.ip_local_port_range`):
 * a range that overlaps them shares its ports with every outgoing connection the machine makes,
 * so a call's media port can already be taken, and Janus fails that participant's connection.
 */
export const DEFAULT_RTP_PORT_RANGE = '20000-32767';

export interface PortRange {
  low: number;
  high: number;
}

/** `low-high`, 1024 ≤ low < high ≤ 65535, or a ConfigError that says so. */
export function parseRtpPortRange(raw: string, name = 'JANUS_RTP_PORTS'): PortRange {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(raw.trim());
  const low = m ? Number(m[1]) : Number.NaN;
  const high = m ? Number(m[2]) : Number.NaN;
  if (!m || low < 1024 || high > 65535 || low >= high)
    throw new ConfigError(`${name} must be two ports from 1024 to 65535, the lower first, such as ${DEFAULT_RTP_PORT_RANGE}; got "${raw}"`);
  return { low, high };
}

/** The kernel's ephemeral range from `/proc/sys/net/ipv4/ip_local_port_range`'s text; null when unreadable. */
export function parseEphemeralRange(text: string | null): PortRange | null {
  const [low, high] = (text ?? '').trim().split(/\s+/).map(Number);
  return Number.isInteger(low) && Number.isInteger(high) ? { low: low!, high: high! } : null;
}

/** The part of `range` the kernel may also hand out as ephemeral ports, or null when none. */
export function ephemeralOverlap(range: PortRange, ephemeral: PortRange | null): PortRange | null {
  if (!ephemeral) return null;
  const low = Math.max(range.low, ephemeral.low);
  const high = Math.min(range.high, ephemeral.high);
  return low <= high ? { low, high } : null;
}

/** This machine's ephemeral range (Linux), or null elsewhere. */
export function systemEphemeralRange(): PortRange | null {
  try {
    return parseEphemeralRange(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'));
  } catch {
    return null;
  }
}
