import OpusScript from 'opusscript';

/**
 * Opus through libopus 1.4 compiled to WebAssembly (opusscript). libopus also does
 * the rate conversion between the telephone's 8 kHz and WebRTC's 48 kHz: an encoder
 * created at 8 kHz takes 8 kHz samples, and a decoder created at 8 kHz band-limits
 * and decimates any Opus stream to 8 kHz (RFC 6716 §4.3.7; the RTP clock stays
 * 48 kHz whatever the input rate, RFC 7587 §4.1).
 */

export const OPUS_RTP_CLOCK_RATE = 48_000;
export type OpusRate = 8000 | 12000 | 16000 | 24000 | 48000;

/** OPUS_SET_INBAND_FEC, OPUS_SET_PACKET_LOSS_PERC (opus_defines.h). */
const SET_INBAND_FEC = 4012;
const SET_PACKET_LOSS_PERC = 4014;

const asBytes = (pcm: Int16Array) => Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);

/** Mono voice encoder. `encode` takes exactly one frame (e.g. 160 samples = 20 ms at 8 kHz). */
export class OpusVoiceEncoder {
  private readonly opus: OpusScript;

  readonly sampleRate: OpusRate;
  constructor(sampleRate: OpusRate, bitrate = 24_000) {
    this.sampleRate = sampleRate;
    this.opus = new OpusScript(sampleRate, 1, OpusScript.Application.VOIP);
    this.opus.setBitrate(bitrate);
    // A little in-band redundancy: browsers decode it when a packet is lost.
    this.opus.encoderCTL(SET_INBAND_FEC, 1);
    this.opus.encoderCTL(SET_PACKET_LOSS_PERC, 5);
  }

  encode(frame: Int16Array): Buffer {
    return this.opus.encode(asBytes(frame), frame.length);
  }

  dispose() {
    this.opus.delete();
  }
}

/**
 * The TOC byte (RFC 6716 §3.1) of a packet that says "one 20 ms frame, no data", in the mode
 * of `toc`. libopus treats a frame of length 0 as lost (§3.2.1) and conceals exactly that
 * long: its packet-loss concealment for 20 ms. (Decoding an empty buffer would conceal the
 * decoder's maximum frame, 360 ms at 8 kHz, in one go.)
 */
export function lostFrameToc(toc: number): number {
  const config = toc >> 3;
  // Frame sizes by config: SILK 0-11 (10/20/40/60 ms), hybrid 12-15 (10/20), CELT 16-31 (2.5/5/10/20).
  const twentyMs = config < 12 ? (config & ~3) | 1 : config < 16 ? (config & ~1) | 1 : config | 3;
  return (twentyMs << 3) | (toc & 0x04); // keep the stereo flag; code 0 = one frame
}

/** Mono decoder at `sampleRate`; any Opus packet (mono or stereo, any bandwidth) comes out at that rate. */
export class OpusVoiceDecoder {
  private readonly opus: OpusScript;
  /** TOC of the last packet decoded: concealment continues in its mode; null before the first. */
  private lastToc: number | null = null;

  readonly sampleRate: OpusRate;
  constructor(sampleRate: OpusRate) {
    this.sampleRate = sampleRate;
    this.opus = new OpusScript(sampleRate, 1, OpusScript.Application.VOIP);
  }

  decode(packet: Uint8Array): Int16Array {
    const out = this.decodeBytes(packet);
    if (packet.length > 0) this.lastToc = packet[0]!;
    return out;
  }

  /**
   * 20 ms of Opus packet-loss concealment (pitch-continued, fading as losses go on) for a
   * packet that never came; silence before the first packet.
   */
  conceal(): Int16Array {
    if (this.lastToc === null) return new Int16Array(this.sampleRate / 50);
    return this.decodeBytes(Uint8Array.of(lostFrameToc(this.lastToc)));
  }

  dispose() {
    this.opus.delete();
  }

  private decodeBytes(packet: Uint8Array): Int16Array {
    const bytes = this.opus.decode(Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength));
    // Copy: the returned Buffer may sit at an odd offset of a shared pool.
    const out = new Int16Array(bytes.length >> 1);
    for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(i * 2);
    return out;
  }
}
