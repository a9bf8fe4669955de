import type { VideoDecision } from './bitrate-policy.ts';

/** The camera call's senders by kind (the receiver's track tells the kind even when nothing is sent). */
export function sendersOf(pc: RTCPeerConnection): { audio: RTCRtpSender[]; video: RTCRtpSender[] } {
  const result = { audio: [] as RTCRtpSender[], video: [] as RTCRtpSender[] };
  for (const t of pc.getTransceivers()) {
    if (t.currentDirection === 'stopped') continue;
    const kind = t.receiver.track?.kind;
    if (kind === 'audio' || kind === 'video') result[kind].push(t.sender);
  }
  return result;
}

type Encoding = RTCRtpEncodingParameters & { priority?: RTCPriorityType; networkPriority?: RTCPriorityType };

/** Changes the first encoding when `want` differs from it; true when something was set. */
async function setEncoding(sender: RTCRtpSender, want: Partial<Encoding>): Promise<boolean> {
  const params = sender.getParameters();
  const encoding = params.encodings?.[0] as Encoding | undefined;
  if (!encoding) return false; // not negotiated yet
  if (Object.entries(want).every(([key, value]) => encoding[key as keyof Encoding] === value)) return false;
  Object.assign(encoding, want);
  await sender.setParameters(params);
  return true;
}

/** Audio first: the browser schedules and marks (DSCP) audio packets ahead of video. Audio's bitrate is left alone. */
export const prioritiseAudio = (sender: RTCRtpSender) => setEncoding(sender, { priority: 'high', networkPriority: 'high' });

/** Applies the policy's limits to a video sender; audio only turns the encoding off (nothing sent, no renegotiation). */
export const applyVideoDecision = (sender: RTCRtpSender, d: VideoDecision) =>
  setEncoding(sender, {
    active: !d.audioOnly,
    maxBitrate: d.maxBitrate,
    scaleResolutionDownBy: d.scaleResolutionDownBy,
    maxFramerate: d.maxFramerate,
  });
