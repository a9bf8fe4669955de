/**
 * The video bitrate a camera call starts at (kbps), before the browser's bandwidth estimate has
 * measured the link. Chromium starts at 300 kbps and, for a 640×480 camera, drops the first frames
 * and scales down until its estimate has grown: the first picture came 150–200 ms after the
 * connection was up. Jitsi Meet starts at 800 kbps for the same reason (its `startBitrate`); the
 * estimate still corrects it downwards within the first second on a slower link, and the network
 * monitor's caps (network/bitrate-policy.ts) apply from its first sample on.
 */
export const START_BITRATE_KBPS = 800;

const VIDEO_CODECS = new Set(['vp8', 'vp9', 'h264', 'av1']);

/**
 * Our side's description with `x-google-start-bitrate` on each video codec: the far side reads it
 * from our description for what it sends us, and we do the same with theirs (Chromium's codec
 * parameter; other browsers ignore it). Codecs that carry other formats (RTX, RED, FEC) are left alone.
 */
export function withStartBitrate(sdp: string, kbps = START_BITRATE_KBPS): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const out: string[] = [];
  let inVideo = false;
  const videoPayloads = new Set<string>();
  const withFmtp = new Set<string>();
  // First pass: which payload types are video codecs, and which already have an fmtp line.
  for (const line of lines) {
    if (line.startsWith('m=')) inVideo = line.startsWith('m=video');
    if (!inVideo) continue;
    const rtpmap = /^a=rtpmap:(\d+) ([^/]+)\//.exec(line);
    if (rtpmap && VIDEO_CODECS.has(rtpmap[2]!.toLowerCase())) videoPayloads.add(rtpmap[1]!);
    const fmtp = /^a=fmtp:(\d+) /.exec(line);
    if (fmtp) withFmtp.add(fmtp[1]!);
  }
  inVideo = false;
  for (const line of lines) {
    if (line.startsWith('m=')) inVideo = line.startsWith('m=video');
    const fmtp = inVideo ? /^a=fmtp:(\d+) /.exec(line) : null;
    if (fmtp && videoPayloads.has(fmtp[1]!) && !line.includes('x-google-start-bitrate')) {
      out.push(`${line};x-google-start-bitrate=${kbps}`);
      continue;
    }
    out.push(line);
    const rtpmap = inVideo ? /^a=rtpmap:(\d+) /.exec(line) : null;
    if (rtpmap && videoPayloads.has(rtpmap[1]!) && !withFmtp.has(rtpmap[1]!))
      out.push(`a=fmtp:${rtpmap[1]} x-google-start-bitrate=${kbps}`);
  }
  return out.join(eol);
}
