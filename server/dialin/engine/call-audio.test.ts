import { describe, expect, it } from 'vitest';
import { mulawToPcm, pcmToMulaw } from '../audio/mulaw.ts';
import { OpusVoiceDecoder, OpusVoiceEncoder } from '../audio/opus.ts';
import { dominantFrequency, sineFrame } from '../../../test/server/audio-signal.ts';
import { CallAudio } from './call-audio.ts';

describe('CallAudio (one call inside an audio worker)', () => {
  it("encodes the caller's 20 ms μ-law frames to Opus, and refuses other sizes", () => {
    const call = new CallAudio();
    const decoder = new OpusVoiceDecoder(8000);
    const out: number[] = [];
    for (let i = 0; i < 20; i++) out.push(...decoder.decode(call.encodeCallerFrame(pcmToMulaw(sineFrame(440, 8000, 160, 8000, i * 160)))));
    expect(dominantFrequency(Int16Array.from(out.slice(1600)), 8000)).toBe(440);
    expect(() => call.encodeCallerFrame(new Uint8Array(80))).toThrow(/160 bytes/);
    decoder.dispose();
    call.dispose();
  });

  it('mixes nothing while the caller is alone, then a frame every tick: silence until a voice starts, then the voice', () => {
    const call = new CallAudio();
    expect(call.mix(0)).toBeNull();
    const encoder = new OpusVoiceEncoder(48000, 32_000);
    const frames: Uint8Array[] = [];
    for (let tick = 0; tick < 30; tick++) {
      const now = 1000 + 20 * tick;
      call.pushRoomPacket(7, 960 * tick, encoder.encode(sineFrame(1000, 48000, 960, 8000, tick * 960)), now - 15);
      frames.push(call.mix(now)!.mulaw);
    }
    encoder.dispose();
    expect(frames).toHaveLength(30);
    // The voice's jitter buffer starts 40 ms after its first packet: silence until then.
    expect([...new Set(frames[0])]).toEqual([0xff]);
    const voice = Int16Array.from(frames.slice(10).flatMap((f) => [...mulawToPcm(f)]));
    expect(dominantFrequency(voice, 8000)).toBe(1000);
    const counters = call.counters();
    expect(counters.mixed).toBe(30);
    expect(counters.silent).toBeGreaterThanOrEqual(1);
    expect(counters.silent).toBeLessThanOrEqual(3);
    call.removeVoice(7);
    expect(call.mix(2000)).toBeNull();
    call.dispose();
  });
});
