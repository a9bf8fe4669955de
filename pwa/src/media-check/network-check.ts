import { RtcConfigSchema } from '../../../shared/api/rtc.ts';
import { apiRequest } from '../api/api-client.ts';
import { nextTask } from '../app/next-task.ts';

export interface NetworkResult {
  ok: boolean;
  roundTripMs: number | null;
  candidateTypes: string[];
  detail: string;
}

/** Median round trip of a few small requests to our server. */
async function measureRoundTrip(samples = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    const res = await fetch(`/api/health?t=${Date.now()}-${i}`, { cache: 'no-store' });
    if (!res.ok) throw new Error(`health check answered ${res.status}`);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * Whether a WebRTC connection can be set up with the configured ICE servers: two peer
 * connections in this page, with those servers, open a data channel; the candidate
 * types gathered show which servers answered (srflx = STUN, relay = TURN).
 */
async function checkWebRtc(config: RTCConfiguration, timeoutMs: number): Promise<{ connected: boolean; types: string[] }> {
  const a = new RTCPeerConnection(config);
  // Making a peer connection takes 8–15 ms of the page's main thread (the bench machine): the
  // second is made in a task of its own, so the check is short tasks, not one long one.
  await nextTask();
  const b = new RTCPeerConnection(config);
  // And the channel and the offer in a third (the pair in one task still passed 30 ms on a busy machine, under Lighthouse).
  await nextTask();
  const types = new Set<string>();
  a.onicecandidate = (e) => {
    if (e.candidate) {
      types.add(e.candidate.type ?? 'unknown');
      void b.addIceCandidate(e.candidate).catch(() => undefined);
    }
  };
  b.onicecandidate = (e) => e.candidate && void a.addIceCandidate(e.candidate).catch(() => undefined);
  const channel = a.createDataChannel('check');
  const opened = new Promise<boolean>((resolve) => {
    channel.onopen = () => resolve(true);
    setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription!);
    return { connected: await opened, types: [...types] };
  } finally {
    a.close();
    b.close();
  }
}

/** `checkId` names the TURN credentials (username `expiry:checkId`), so the TURN server's log says whose check it was. */
export async function runNetworkCheck(
  meetingId: string,
  headers: Record<string, string>,
  timeoutMs = 8000,
  checkId?: string,
): Promise<NetworkResult> {
  let roundTripMs: number;
  let config: RTCConfiguration;
  try {
    roundTripMs = await measureRoundTrip();
    const query = checkId ? `?checkId=${encodeURIComponent(checkId)}` : '';
    config = await apiRequest('GET', `/api/meetings/${encodeURIComponent(meetingId)}/rtc${query}`, RtcConfigSchema, { headers });
  } catch (e) {
    return { ok: false, roundTripMs: null, candidateTypes: [], detail: `our server cannot be reached (${(e as Error).message})` };
  }
  if (typeof RTCPeerConnection === 'undefined') {
    return { ok: false, roundTripMs, candidateTypes: [], detail: 'this browser has no WebRTC' };
  }
  const { connected, types } = await checkWebRtc(
    { iceServers: config.iceServers, iceTransportPolicy: config.iceTransportPolicy },
    timeoutMs,
  );
  const wantsRelay = (config.iceServers ?? []).some((s) => [s.urls].flat().some((u) => u.startsWith('turn')));
  const relayMissing = wantsRelay && !types.includes('relay');
  const rtt = `round trip ${Math.round(roundTripMs)} ms`;
  const candidates = `candidates: ${types.join(', ') || 'none'}`;
  if (!connected) return { ok: false, roundTripMs, candidateTypes: types, detail: `${rtt}; WebRTC could not connect (${candidates})` };
  if (relayMissing)
    return { ok: false, roundTripMs, candidateTypes: types, detail: `${rtt}; the TURN relay did not answer (${candidates})` };
  return { ok: true, roundTripMs, candidateTypes: types, detail: `${rtt}; WebRTC ok (${candidates})` };
}
