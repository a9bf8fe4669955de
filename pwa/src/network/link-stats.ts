/** One entry of an RTCStatsReport, as far as we read it. */
export type StatsEntry = { id: string; type: string; timestamp?: number } & Record<string, unknown>;

/** Cumulative counters kept between two polls, so loss is measured over the last interval. */
export interface LinkCounters {
  packetsReceived: number;
  packetsLost: number;
  packetsSent: number;
  packetsLostByRemote: number;
  videoFramesDecoded: number;
  /** Our camera's frames the encoder made, and those that went out (outbound-rtp, video). */
  videoFramesEncoded: number;
  videoFramesSent: number;
}

export interface LinkSample {
  rttMs: number | null;
  /** The browser's estimate of what this connection can send, in bits per second. */
  availableOutgoingBitrate: number | null;
  /** Loss of what we send, as the other side reports it (0..1). */
  sendLoss: number | null;
  /** Loss of what we receive, over the last interval (0..1). */
  receiveLoss: number | null;
  /** Jitter of what we receive (audio first), ms. */
  jitterMs: number | null;
  /** How the media travels: through a TURN relay or directly. */
  route: 'relay' | 'direct' | null;
  /** Video frames decoded since the previous poll (null on the first one, or without video). */
  framesDecoded: number | null;
  /**
   * Our video frames that were encoded or sent since the previous poll (the larger of the two; null on
   * the first poll). 0 poll after poll while the camera is on: its frames never leave this browser.
   */
  framesOut: number | null;
  counters: LinkCounters;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const sum = (entries: StatsEntry[], key: string) => entries.reduce((total, e) => total + (num(e[key]) ?? 0), 0);

function selectedPair(byId: Map<string, StatsEntry>, entries: StatsEntry[]): StatsEntry | null {
  const transport = entries.find((e) => e.type === 'transport' && typeof e.selectedCandidatePairId === 'string');
  const viaTransport = transport && byId.get(transport.selectedCandidatePairId as string);
  if (viaTransport) return viaTransport;
  return entries.find((e) => e.type === 'candidate-pair' && e.nominated === true && e.state === 'succeeded') ?? null;
}

/** lost / (lost + received) over an interval; null when nothing arrived or was lost. */
function lossOver(lost: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.min(1, Math.max(0, lost / total));
}

/** Reads what matters for quality and bitrate from one `getStats()` report. */
export function readLinkStats(report: Iterable<StatsEntry>, previous: LinkCounters | null): LinkSample {
  const entries = [...report];
  const byId = new Map(entries.map((e) => [e.id, e]));
  const pair = selectedPair(byId, entries);
  const inbound = entries.filter((e) => e.type === 'inbound-rtp');
  const outbound = entries.filter((e) => e.type === 'outbound-rtp');
  const remoteInbound = entries.filter((e) => e.type === 'remote-inbound-rtp');

  const counters: LinkCounters = {
    packetsReceived: sum(inbound, 'packetsReceived'),
    packetsLost: sum(inbound, 'packetsLost'),
    packetsSent: sum(outbound, 'packetsSent'),
    packetsLostByRemote: sum(remoteInbound, 'packetsLost'),
    videoFramesDecoded: sum(
      inbound.filter((e) => e.kind === 'video'),
      'framesDecoded',
    ),
    videoFramesEncoded: sum(
      outbound.filter((e) => e.kind === 'video'),
      'framesEncoded',
    ),
    videoFramesSent: sum(
      outbound.filter((e) => e.kind === 'video'),
      'framesSent',
    ),
  };

  let receiveLoss: number | null = null;
  let sendLoss: number | null = null;
  if (previous) {
    const lost = counters.packetsLost - previous.packetsLost;
    receiveLoss = lossOver(lost, lost + counters.packetsReceived - previous.packetsReceived);
    sendLoss = lossOver(counters.packetsLostByRemote - previous.packetsLostByRemote, counters.packetsSent - previous.packetsSent);
  }
  // No interval yet: the latest receiver report's fraction lost.
  if (sendLoss === null) {
    const fractions = remoteInbound.map((e) => num(e.fractionLost)).filter((f): f is number => f !== null);
    if (fractions.length) sendLoss = Math.max(...fractions);
  }

  const pairRtt = num(pair?.currentRoundTripTime);
  const reportRtts = remoteInbound.map((e) => num(e.roundTripTime)).filter((r): r is number => r !== null);
  const rtt = pairRtt ?? (reportRtts.length ? Math.max(...reportRtts) : null);

  const audioIn = inbound.find((e) => e.kind === 'audio' && num(e.jitter) !== null);
  const jitters = inbound.map((e) => num(e.jitter)).filter((j): j is number => j !== null);
  const jitter = audioIn ? num(audioIn.jitter) : jitters.length ? Math.max(...jitters) : null;

  const local = pair && byId.get(pair.localCandidateId as string);
  const remote = pair && byId.get(pair.remoteCandidateId as string);
  const route = !pair ? null : local?.candidateType === 'relay' || remote?.candidateType === 'relay' ? 'relay' : 'direct';

  const hasVideoIn = inbound.some((e) => e.kind === 'video');
  return {
    rttMs: rtt === null ? null : rtt * 1000,
    availableOutgoingBitrate: num(pair?.availableOutgoingBitrate),
    sendLoss,
    receiveLoss,
    jitterMs: jitter === null ? null : jitter * 1000,
    route,
    framesDecoded: previous && hasVideoIn ? counters.videoFramesDecoded - previous.videoFramesDecoded : null,
    framesOut: previous
      ? Math.max(counters.videoFramesEncoded - previous.videoFramesEncoded, counters.videoFramesSent - previous.videoFramesSent)
      : null,
    counters,
  };
}
