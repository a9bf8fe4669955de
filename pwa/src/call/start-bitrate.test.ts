import { describe, expect, it } from 'vitest';
import { withStartBitrate } from './start-bitrate.ts';

const SDP = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 45',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 nack',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:98 VP9/90000',
  'a=fmtp:98 profile-id=0',
  'a=rtpmap:99 H264/90000',
  'a=fmtp:99 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'a=rtpmap:45 AV1/90000',
  '',
].join('\r\n');

describe('withStartBitrate', () => {
  it('asks every video codec to start at the given rate; audio, RTX and line endings stay as they were', () => {
    const out = withStartBitrate(SDP, 800).split('\r\n');
    // VP8 and AV1 had no fmtp line: one follows their rtpmap.
    expect(out[out.indexOf('a=rtpmap:96 VP8/90000') + 1]).toBe('a=fmtp:96 x-google-start-bitrate=800');
    expect(out[out.indexOf('a=rtpmap:45 AV1/90000') + 1]).toBe('a=fmtp:45 x-google-start-bitrate=800');
    expect(out).toContain('a=fmtp:98 profile-id=0;x-google-start-bitrate=800');
    expect(out).toContain('a=fmtp:99 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f;x-google-start-bitrate=800');
    expect(out).toContain('a=fmtp:97 apt=96');
    expect(out).toContain('a=fmtp:111 minptime=10;useinbandfec=1');
    expect(out.filter((l) => l.includes('start-bitrate'))).toHaveLength(4);
    expect(out.at(-1)).toBe('');
  });

  it('leaves a description that has it already, or has no video, unchanged', () => {
    const once = withStartBitrate(SDP, 800);
    expect(withStartBitrate(once, 800)).toBe(once);
    const audioOnly = 'v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=rtpmap:111 opus/48000/2\n';
    expect(withStartBitrate(audioOnly)).toBe(audioOnly);
  });
});
