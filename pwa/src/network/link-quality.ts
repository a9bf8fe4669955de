export type QualityLevel = 'good' | 'fair' | 'poor' | 'unknown';

export interface QualityInput {
  /** Fraction of packets lost, 0..1. */
  loss: number | null;
  jitterMs: number | null;
  rttMs: number | null;
}

/**
 * Where each measure starts to hurt a call: "fair" is noticeable (a robotic syllable,
 * a late reply), "poor" makes talking hard. Loss is the strongest signal for audio.
 */
export const QUALITY_LIMITS = {
  fair: { loss: 0.03, jitterMs: 30, rttMs: 300 },
  poor: { loss: 0.1, jitterMs: 60, rttMs: 600 },
} as const;

const RANK: Record<QualityLevel, number> = { unknown: 0, good: 1, fair: 2, poor: 3 };

/** The worse of two levels (unknown only when both are). */
export const worse = (a: QualityLevel, b: QualityLevel): QualityLevel => (RANK[a] >= RANK[b] ? a : b);

function reaches(i: QualityInput, limit: { loss: number; jitterMs: number; rttMs: number }): boolean {
  return (i.loss ?? 0) >= limit.loss || (i.jitterMs ?? 0) >= limit.jitterMs || (i.rttMs ?? 0) >= limit.rttMs;
}

/** good / fair / poor from loss, jitter and round trip; unknown before anything was measured. */
export function classifyQuality(i: QualityInput): QualityLevel {
  if (i.loss === null && i.jitterMs === null && i.rttMs === null) return 'unknown';
  if (reaches(i, QUALITY_LIMITS.poor)) return 'poor';
  if (reaches(i, QUALITY_LIMITS.fair)) return 'fair';
  return 'good';
}

/**
 * Exponential smoothing for what a tile shows, so a single lossy poll does not make
 * it flicker: each new value moves the estimate `weight` of the way. A measure
 * missing this time keeps the last estimate.
 */
export function smooth(previous: number | null, next: number | null, weight = 0.4): number | null {
  if (next === null) return previous;
  if (previous === null) return next;
  return previous + weight * (next - previous);
}

export interface LinkQualities {
  /** What the other side receives from us (their reports: loss, round trip). */
  send: QualityLevel;
  /** What we receive from them. */
  receive: QualityLevel;
  /** The browser's estimate of our outgoing bandwidth on this connection is very low. */
  lowUplink: boolean;
}

/**
 * Is our own connection the problem? One bad link is more likely the other person's;
 * bad sending on half the links or more (or bad receiving from everyone, with two or
 * more of them) points at us.
 */
export function ownQuality(links: readonly LinkQualities[]): QualityLevel {
  const known = links.filter((l) => l.send !== 'unknown' || l.receive !== 'unknown' || l.lowUplink);
  if (!known.length) return 'unknown';
  const half = Math.ceil(known.length / 2);
  const count = (level: 'fair' | 'poor', side: 'send' | 'receive') =>
    known.filter((l) => RANK[l[side]] >= RANK[level] || (side === 'send' && level === 'poor' && l.lowUplink)).length;
  const everyone = (level: 'fair' | 'poor') => known.length >= 2 && count(level, 'receive') === known.length;
  if (count('poor', 'send') >= half || everyone('poor')) return 'poor';
  if (count('fair', 'send') >= half || everyone('fair')) return 'fair';
  return 'good';
}
