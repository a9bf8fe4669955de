import { describe, expect, it } from 'vitest';
import { Mixer } from './mixer.ts';
import { VoiceQueue } from './voice-queue.ts';

const frame = (value: number, length = 4) => new Int16Array(length).fill(value);
const options = { frameSamples: 4, primeFrames: 2, maxFrames: 5 };

describe('VoiceQueue (jitter buffer)', () => {
  it('waits for the prime frames, then plays in order', () => {
    const q = new VoiceQueue(options);
    q.push(frame(1), 0);
    expect(q.take(0)).toBeNull();
    q.push(frame(2), 20);
    expect([...q.take(40)!]).toEqual([1, 1, 1, 1]);
    expect([...q.take(60)!]).toEqual([2, 2, 2, 2]);
  });

  it('re-primes after running dry', () => {
    const q = new VoiceQueue(options);
    q.push(frame(1), 0);
    q.push(frame(2), 0);
    q.take(0);
    q.take(0);
    expect(q.take(0)).toBeNull();
    q.push(frame(3), 0);
    expect(q.take(0)).toBeNull();
    q.push(frame(4), 0);
    expect([...q.take(0)!]).toEqual([3, 3, 3, 3]);
  });

  it('cuts packets of any size into frames', () => {
    const q = new VoiceQueue(options);
    q.push(Int16Array.of(1, 2, 3), 0);
    q.push(Int16Array.of(4, 5, 6, 7, 8, 9), 0);
    expect([...q.take(0)!]).toEqual([1, 2, 3, 4]);
    expect([...q.take(0)!]).toEqual([5, 6, 7, 8]);
  });

  it('drops the oldest samples down to the prime level when too much piles up', () => {
    const q = new VoiceQueue(options);
    for (let i = 1; i <= 6; i++) q.push(frame(i), 0);
    expect(q.bufferedSamples).toBe(8);
    expect([...q.take(0)!]).toEqual([5, 5, 5, 5]);
  });

  it('drops a standing surplus left by a burst, so the delay returns to the prime level', () => {
    const q = new VoiceQueue({ ...options, drainAfterTakes: 3 });
    for (let i = 1; i <= 4; i++) q.push(frame(i), 0); // a burst: 4 frames at once
    for (let tick = 5; tick <= 7; tick++) {
      q.take(0);
      q.push(frame(tick), 0); // then one in per one out
    }
    // Three takes with a frame too many: trimmed to primeFrames - 1 = 1 frame after the take.
    expect(q.bufferedSamples).toBe(8);
    expect([...q.take(0)!]).toEqual([6, 6, 6, 6]);
  });

  it('reports how long a frame waited', () => {
    const q = new VoiceQueue(options);
    q.push(frame(1), 100);
    q.push(frame(2), 120);
    const delays: number[] = [];
    q.take(145, (ms) => delays.push(ms));
    expect(delays).toEqual([45]);
  });
});

describe('Mixer', () => {
  it('sums voices and clips to 16 bits', () => {
    const mixer = new Mixer({ ...options, primeFrames: 1 });
    mixer.push('a', Int16Array.of(1000, 30000, -30000, 0), 0);
    mixer.push('b', Int16Array.of(2000, 10000, -10000, 5), 0);
    expect([...mixer.mix(0)!]).toEqual([3000, 32767, -32768, 5]);
  });

  it('gives null when no voice has a frame, and forgets removed voices', () => {
    const mixer = new Mixer({ ...options, primeFrames: 1 });
    expect(mixer.mix(0)).toBeNull();
    mixer.push('a', frame(7), 0);
    mixer.remove('a');
    expect(mixer.mix(0)).toBeNull();
    expect(mixer.voiceCount).toBe(0);
  });

  it('mixes a voice that is ready with silence for one still priming', () => {
    const mixer = new Mixer(options);
    mixer.push('a', frame(1), 0);
    mixer.push('a', frame(1), 0);
    mixer.push('b', frame(100), 0);
    expect([...mixer.mix(0)!]).toEqual([1, 1, 1, 1]);
  });
});
