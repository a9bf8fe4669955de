import { afterEach, describe, expect, it, vi } from 'vitest';
import { pcmToMulaw, mulawToPcm } from '../audio/mulaw.ts';
import { OpusVoiceDecoder, OpusVoiceEncoder } from '../audio/opus.ts';
import { dominantFrequency, rms, sineFrame } from '../../../test/server/audio-signal.ts';
import type { PeerClientMessage } from '../../../shared/peerjs/signalling.ts';
import type { AudioCallHandlers, AudioEngine, AudioLink } from './audio-engine.ts';
import { createAudioPool } from './audio-pool.ts';
import { monotonicMs } from './engine-messages.ts';

const engines: AudioEngine[] = [];
const pool = (options: Parameters<typeof createAudioPool>[0] = {}) => {
  const engine = createAudioPool(options);
  engines.push(engine);
  return engine;
};
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

/** Handlers that record what the engine gives back. */
function recorder() {
  const opus: { payload: Uint8Array; sequence: number; timestamp: number; marker: boolean; arrivedAt: number }[] = [];
  const mixed: { mulaw: Uint8Array; arrivals: number[] }[] = [];
  const failures: string[] = [];
  const handlers: AudioCallHandlers = {
    callerOpus: (payload, sequence, timestamp, marker, arrivedAt) =>
      opus.push({ payload: payload.slice(), sequence, timestamp, marker, arrivedAt }),
    mixed: (mulaw, arrivals) => mixed.push({ mulaw: mulaw.slice(), arrivals }),
    failed: (reason) => failures.push(reason),
  };
  return { handlers, opus, mixed, failures };
}

describe('audio pool (worker threads)', () => {
  it("encodes the caller's frames in a worker and gives them back with their RTP numbers", async () => {
    const engine = pool();
    const { handlers, opus } = recorder();
    const call = engine.open(handlers);
    for (let i = 0; i < 25; i++) {
      call.encodeCallerFrame(pcmToMulaw(sineFrame(440, 8000, 160, 8000, i * 160)), (65530 + i) & 0xffff, i * 960, i === 0, 1000 + i);
    }
    await vi.waitFor(() => expect(opus).toHaveLength(25), { timeout: 5000 });
    expect(opus.map((o) => o.sequence).slice(4, 7)).toEqual([65534, 65535, 0]);
    expect(opus.map((o) => o.marker).filter(Boolean)).toHaveLength(1);
    expect(opus[3]!.arrivedAt).toBe(1003);
    const decoder = new OpusVoiceDecoder(8000);
    const decoded = Int16Array.from(opus.slice(10).flatMap((o) => [...decoder.decode(o.payload)]));
    decoder.dispose();
    expect(dominantFrequency(decoded, 8000)).toBe(440);
    call.close();
  });

  it("mixes the room's packets on the worker's 20 ms clock into μ-law frames for the caller", async () => {
    const engine = pool();
    const { handlers, mixed, opus } = recorder();
    const call = engine.open(handlers);
    // Once the worker answers (it takes a moment to start), the room speaks.
    call.encodeCallerFrame(new Uint8Array(160).fill(0xff), 0, 0, true, 0);
    await vi.waitFor(() => expect(opus).toHaveLength(1), { timeout: 5000 });
    // The room speaks (a 1 kHz tone, a packet every 20 ms on the clock) until the caller has heard
    // a quarter second of it: on a busy machine the first packets may come too late and be concealed.
    const encoder = new OpusVoiceEncoder(48000, 32_000);
    const start = performance.now();
    const sentFrom = monotonicMs();
    let sent = 0;
    const speaking = setInterval(() => {
      for (; sent <= (performance.now() - start) / 20; sent++) {
        call.roomPacket(1, (123_456 + sent * 960) >>> 0, encoder.encode(sineFrame(1000, 48000, 960, 8000, sent * 960)));
      }
    }, 5);
    const toneAt = (from: number) => {
      const frames = mixed.slice(from, from + 12);
      const pcm = Int16Array.from(frames.flatMap((m) => [...mulawToPcm(m.mulaw)]));
      return (
        frames.length === 12 && frames.every((m) => m.arrivals.length === 1) && dominantFrequency(pcm, 8000) === 1000 && rms(pcm) > 3000
      );
    };
    try {
      await vi.waitFor(() => expect(mixed.some((_, i) => toneAt(i))).toBe(true), { timeout: 8000, interval: 50 });
    } finally {
      clearInterval(speaking);
      encoder.dispose();
    }
    // Frames carry the arrival of the packet they played, on the engine's clock.
    expect(mixed.flatMap((m) => m.arrivals).every((t) => t > sentFrom && t < monotonicMs())).toBe(true);
    await vi.waitFor(() => expect(call.counters?.mixed).toBeGreaterThan(0), { timeout: 3000 });
    call.close();
  });

  it('spreads calls over at most `workers` workers, starting one only while all are busy', () => {
    const engine = pool({ workers: 2 });
    const calls = [1, 2, 3].map(() => engine.open(recorder().handlers));
    expect(engine.load()).toEqual([2, 1]);
    calls[0]!.close();
    calls[1]!.close();
    expect(engine.load()).toEqual([1, 0]);
    engine.open(recorder().handlers);
    expect(engine.load()).toEqual([1, 1]);
  });

  it('drops audio that finds its ring full (counted), never a call opening or closing', async () => {
    // A ring of 256 bytes holds one caller frame (188 bytes) besides an opening (28).
    const engine = pool({ ringBytes: 256, pollMs: 50 });
    const first = recorder();
    const call = engine.open(first.handlers);
    const frame = new Uint8Array(160).fill(0xff);
    for (let i = 0; i < 5; i++) call.encodeCallerFrame(frame, i, i * 960, false, 0);
    call.close(); // waits on the main thread if the ring is still full
    expect(engine.dropped()).toBeGreaterThan(0);
    const second = recorder();
    const next = engine.open(second.handlers);
    // The second call was opened on the worker after the first was closed (waiting its turn):
    // its frames come back, those that found room in the ring, in order.
    let sequence = 0;
    await vi.waitFor(
      () => {
        next.encodeCallerFrame(frame, sequence++, 0, false, 0);
        expect(second.opus.length).toBeGreaterThanOrEqual(3);
      },
      { timeout: 5000, interval: 30 },
    );
    const sequences = second.opus.map((o) => o.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(first.failures).toEqual([]);
  });

  it('warm() starts every worker before any call', () => {
    const engine = pool({ workers: 2 });
    engine.warm();
    expect(engine.load()).toEqual([0, 0]);
    engine.open(recorder().handlers);
    expect(engine.load()).toEqual([1, 0]);
  });

  it("connects two calls' WebRTC links inside their workers: one caller hears the other, nothing crossing the main thread but signalling", async () => {
    const engine = pool({ workers: 2 });
    const [speaker, listener] = [recorder(), recorder()];
    const [a, b] = [engine.open(speaker.handlers), engine.open(listener.handlers)];
    expect(engine.load()).toEqual([1, 1]);
    const closed: (string | null)[] = [];
    // The test is PeerServer: each link's signalling goes to the other.
    const links: { a?: AudioLink; b?: AudioLink } = {};
    const relay = (to: () => AudioLink | undefined) => (message: PeerClientMessage) => {
      if (message.type === 'OFFER') to()!.answer(message.payload.sdp.sdp);
      else if (message.type === 'ANSWER') to()!.acceptAnswer(message.payload.sdp.sdp);
      else if (message.type === 'CANDIDATE') to()!.addCandidate(message.payload.candidate);
    };
    const options = (remoteId: string, voiceId: number) => ({
      remoteId,
      connectionId: 'mc_test',
      iceServers: [],
      streamId: remoteId,
      voiceId,
    });
    links.a = a.openLink(options('b', 1), { signal: relay(() => links.b), closed: (r) => closed.push(r) });
    links.b = b.openLink(options('a', 1), { signal: relay(() => links.a), closed: (r) => closed.push(r) });
    links.a.offer();
    // The speaker's caller says 440 Hz, a frame every 20 ms, until the listener's mix carries it.
    let i = 0;
    const speaking = setInterval(() => {
      a.encodeCallerFrame(pcmToMulaw(sineFrame(440, 8000, 160, 8000, i * 160)), i & 0xffff, (i * 960) >>> 0, i === 0, monotonicMs());
      i++;
    }, 20);
    const heard = () => {
      const pcm = Int16Array.from(listener.mixed.slice(-10).flatMap((m) => [...mulawToPcm(m.mulaw)]));
      return listener.mixed.length >= 10 && dominantFrequency(pcm, 8000) === 440 && rms(pcm) > 2000;
    };
    try {
      await vi.waitFor(() => expect(heard()).toBe(true), { timeout: 10_000, interval: 50 });
    } finally {
      clearInterval(speaking);
    }
    expect(speaker.mixed.every((m) => m.arrivals.length === 0)).toBe(true); // the listener said nothing
    expect(closed).toEqual([]);
    links.a.close();
    a.close();
    b.close();
  });

  it('closes a link whose negotiation fails in the worker, and says why', async () => {
    const engine = pool();
    const call = engine.open(recorder().handlers);
    const closed: (string | null)[] = [];
    const link = call.openLink(
      { remoteId: 'x', connectionId: 'mc_x', iceServers: [], streamId: 's', voiceId: 1 },
      { signal: () => undefined, closed: (reason) => closed.push(reason) },
    );
    link.acceptAnswer('not an SDP'); // no offer was made
    await vi.waitFor(() => expect(closed).toHaveLength(1), { timeout: 5000 });
    expect(closed[0]).toEqual(expect.any(String));
    call.close();
  });

  it('tells the calls of a worker that fails, and starts a fresh worker for the next call', async () => {
    const broken = pool({ workerUrl: new URL('data:text/javascript,throw new Error("boom")') });
    const { handlers, failures } = recorder();
    broken.open(handlers);
    await vi.waitFor(() => expect(failures).toEqual(['audio worker failed: boom']), { timeout: 5000 });
    expect(broken.load()).toEqual([]);
  });
});
