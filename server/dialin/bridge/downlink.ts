import { LatencyStats } from '../audio/latency-stats.ts';
import { monotonicMs } from '../engine/engine-messages.ts';
import type { AudioCall } from '../engine/audio-engine.ts';

/**
 * Room → caller: every participant's Opus packets go to the audio engine (jitter buffer, decode
 * to 8 kHz, mix, μ-law on the engine's 20 ms clock): a mesh link's straight from the link, in
 * the worker, the SFU's from the main thread. Each mixed frame it gives back goes to Twilio. The caller is not one of the voices, so they never hear
 * themselves.
 */
export class Downlink {
  private readonly voiceIds = new Map<string, number>();
  private nextVoiceId = 1;
  /** Packet in (at the werift link, in whichever thread runs it) → its audio handed to Twilio's socket: jitter buffer, 20 ms clock and the hop back (ms). */
  readonly delay = new LatencyStats();

  private readonly audio: AudioCall;
  private readonly send: (mulaw: Uint8Array) => void;
  private readonly histogram: { observe(seconds: number): void } | undefined;
  /** `histogram` also gets every delay (the server's, across calls). */
  constructor(audio: AudioCall, send: (mulaw: Uint8Array) => void, histogram?: { observe(seconds: number): void }) {
    this.audio = audio;
    this.send = send;
    this.histogram = histogram;
  }

  /** The voice a participant is mixed as (a new one after `remove`). */
  voiceOf(participantId: string): number {
    let id = this.voiceIds.get(participantId);
    if (id === undefined) {
      id = this.nextVoiceId++;
      this.voiceIds.set(participantId, id);
    }
    return id;
  }

  /** An Opus RTP packet from a participant that reached the main thread (through the SFU). */
  receive(participantId: string, opus: Uint8Array, timestamp: number): void {
    this.audio.roomPacket(this.voiceOf(participantId), timestamp, opus);
  }

  /** A mixed frame from the engine. */
  play(mulaw: Uint8Array, arrivals: number[]): void {
    this.send(mulaw);
    const now = monotonicMs();
    for (const arrivedAt of arrivals) {
      this.delay.record(now - arrivedAt);
      this.histogram?.observe((now - arrivedAt) / 1000);
    }
  }

  remove(participantId: string): void {
    const id = this.voiceIds.get(participantId);
    if (id === undefined) return;
    this.voiceIds.delete(participantId);
    this.audio.removeVoice(id);
  }
}
