/** What one video sender is allowed (RTCRtpEncodingParameters). */
export interface VideoLimits {
  /** bits per second */
  maxBitrate: number;
  scaleResolutionDownBy: number;
  maxFramerate: number;
}

export interface VideoDecision extends VideoLimits {
  /** Video stopped on this connection; audio goes on. */
  audioOnly: boolean;
  /** Weak samples in a row while sending video (two make us stop it). */
  weakStreak: number;
  /** Good samples in a row while audio only (enough of them bring video back). */
  goodStreak: number;
  /** How often this connection fell back to audio only: each time, video waits longer to return. */
  fallbacks: number;
  reason: string;
}

export interface PolicyInput {
  /** Other people in the call: in a full mesh we send our video once to each. */
  remotes: number;
  /** The browser's send-bandwidth estimate for this connection (bps), when it has one. */
  availableOutgoingBitrate: number | null;
  /** Loss of what we send, as the other side reports it (0..1). */
  loss: number | null;
  rttMs: number | null;
  previous: VideoDecision | null;
}

/**
 * Per-connection ceiling by mesh size: 6 people on an ordinary 5 Mbps uplink send
 * 5 × 300 kbps + audio, with room to spare; two people get near-HD bitrates.
 */
export const MESH_CAPS = [1_200_000, 800_000, 550_000, 400_000, 300_000] as const;
/** Opus at its most plus RTP overhead: audio keeps this much of the estimate. */
export const AUDIO_RESERVE = 64_000;
/** Use at most this share of the browser's estimate. */
export const HEADROOM = 0.85;
/** Below this, video is mush: better to stop it and keep the audio clean. */
export const MIN_VIDEO_BITRATE = 80_000;
/** Video comes back gently after audio only. */
export const RESUME_BITRATE = 150_000;

const HEAVY_LOSS = 0.1;
const SOME_LOSS = 0.03;
const FALLBACK_LOSS = 0.25;
const SLOW_RTT_MS = 500;
const FALLBACK_RTT_MS = 1500;
const WEAK_SAMPLES = 2;

/** Resolution and frame rate that a bitrate can carry (the camera sends 640×480 at 30). */
const TIERS = [
  { from: 600_000, scale: 1, fps: 30 },
  { from: 300_000, scale: 1.5, fps: 24 },
  { from: 150_000, scale: 2, fps: 15 },
  { from: 0, scale: 4, fps: 10 },
] as const;

export const meshCap = (remotes: number) => MESH_CAPS[Math.min(Math.max(remotes, 1), MESH_CAPS.length) - 1]!;

/** Samples in a row without trouble before video returns: 5, then 10, 20, 40 after repeated fallbacks. */
export const recoverSamples = (fallbacks: number) => Math.min(40, 5 * 2 ** Math.max(0, fallbacks - 1));

function limitsFor(bitrate: number, rttMs: number | null): VideoLimits {
  const tier = TIERS.find((t) => bitrate >= t.from) ?? TIERS[TIERS.length - 1]!;
  // A long round trip makes every lost frame slower to repair: send fewer, better ones.
  const fps = (rttMs ?? 0) >= SLOW_RTT_MS ? Math.min(tier.fps, 15) : tier.fps;
  return { maxBitrate: Math.round(bitrate), scaleResolutionDownBy: tier.scale, maxFramerate: fps };
}

/**
 * One video sender's limits from the mesh size and what its connection reports.
 * Pure: the controller feeds it a sample every few seconds with its previous decision.
 */
export function decideVideo({ remotes, availableOutgoingBitrate: aob, loss, rttMs, previous: prev }: PolicyInput): VideoDecision {
  const cap = meshCap(remotes);
  const lossNow = loss ?? 0;
  const rttNow = rttMs ?? 0;

  if (prev?.audioOnly) {
    const calm = lossNow < SOME_LOSS && rttNow < SLOW_RTT_MS;
    const goodStreak = calm ? prev.goodStreak + 1 : 0;
    if (goodStreak < recoverSamples(prev.fallbacks)) return { ...prev, goodStreak, reason: 'audio only until the connection recovers' };
    return {
      ...limitsFor(Math.min(cap, RESUME_BITRATE), rttMs),
      audioOnly: false,
      weakStreak: 0,
      goodStreak: 0,
      fallbacks: prev.fallbacks,
      reason: 'connection recovered: video again, from a low rate',
    };
  }

  let budget: number = cap;
  let reason = `${remotes + 1} in the call: at most ${cap / 1000} kbps per person`;
  if (aob !== null) {
    const fromEstimate = aob * HEADROOM - AUDIO_RESERVE;
    if (fromEstimate < budget) [budget, reason] = [fromEstimate, 'limited by the bandwidth estimate'];
  }
  if (prev) {
    if (lossNow >= HEAVY_LOSS) {
      budget = Math.min(budget, prev.maxBitrate * 0.7);
      reason = 'heavy loss: backing off';
    } else if (lossNow >= SOME_LOSS) {
      if (prev.maxBitrate < budget) [budget, reason] = [prev.maxBitrate, 'some loss: holding'];
    } else {
      const ramp = Math.max(prev.maxBitrate * 1.25, prev.maxBitrate + 50_000);
      if (ramp < budget) [budget, reason] = [ramp, 'ramping up'];
    }
  }
  budget = Math.max(0, budget);

  const weak = budget < MIN_VIDEO_BITRATE || lossNow >= FALLBACK_LOSS || rttNow >= FALLBACK_RTT_MS;
  const weakStreak = weak ? (prev?.weakStreak ?? 0) + 1 : 0;
  const limits = limitsFor(Math.max(budget, MIN_VIDEO_BITRATE), rttMs);
  if (weakStreak >= WEAK_SAMPLES) {
    return {
      ...limits,
      audioOnly: true,
      weakStreak: 0,
      goodStreak: 0,
      fallbacks: (prev?.fallbacks ?? 0) + 1,
      reason: 'connection too weak for video: audio only',
    };
  }
  return { ...limits, audioOnly: false, weakStreak, goodStreak: 0, fallbacks: prev?.fallbacks ?? 0, reason };
}
