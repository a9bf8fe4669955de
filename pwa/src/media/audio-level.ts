import { signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { nextTask } from '../app/next-task.ts';

let shared: AudioContext | null = null;
/** One AudioContext for all level meters (browsers limit how many a page may have). */
export function audioContext(): AudioContext {
  shared ??= new AudioContext();
  if (shared.state === 'suspended') void shared.resume().catch(() => undefined);
  return shared;
}

/** A mean square (of samples in [-1, 1]) mapped to 0..1 with a perceptual curve: -60 dBFS → 0, 0 dBFS → 1. */
function levelOfMeanSquare(meanSquare: number): number {
  const db = 10 * Math.log10(meanSquare || 1e-18);
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

/**
 * The loudest moment among the last `count` samples of `samples`: the highest level of any
 * `window` samples in a row, looked at every half window (hops counted back from the newest sample).
 * A short sound (a word's first syllable, a 20 ms beep) reads as loud as it is wherever it falls,
 * where one window's RMS would read a sound that only half falls in it 3 dB lower, and miss one that
 * falls outside it. Every `stride`-th sample is squared (the mean square of a sound does not need
 * them all), once: each window is two hops.
 */
export function loudestLevelOf(samples: Float32Array, count: number, window: number, stride = 1): number {
  const end = samples.length;
  const start = Math.max(0, end - Math.max(count, window));
  const hop = Math.max(1, window >> 1);
  let loudest = 0;
  let newerSum = 0;
  let newerPoints = 0;
  for (let to = end; to > start; to -= hop) {
    const from = Math.max(start, to - hop);
    let sum = 0;
    let points = 0;
    for (let i = to - 1; i >= from; i -= stride) {
      const v = samples[i]!;
      sum += v * v;
      points++;
    }
    // This hop with the newer one: a window (the newest hop alone while it is the only one).
    if (newerPoints > 0 || from === start) loudest = Math.max(loudest, (sum + newerSum) / (points + newerPoints));
    newerSum = sum;
    newerPoints = points;
  }
  return levelOfMeanSquare(loudest);
}

export const SPEAKING_LEVEL = 0.35;

/** Samples the analyser keeps (its largest): 0.68–0.74 s, so a look a second late (a hidden tab's timers) still sees most of what passed. */
const HISTORY_SAMPLES = 32_768;
/** How long a moment is, for loudness: 20 ms. */
const MOMENT_S = 0.02;
/** Every 4th sample is squared (11–12 kHz): the level of a voice, a tone or a beep within 0.6 dB (tested), a quarter of the work. */
const STRIDE = 4;

/** One track's meter, shared by everyone who follows that track's level. */
interface SharedMeter {
  level: Signal<number>;
  users: number;
  stop(): void;
}
const meters = new Map<MediaStreamTrack, SharedMeter>();

/** Whether the running meters skip their looks (`holdMeters`). */
let held = false;

/**
 * While true, the running meters do not look (no analyser read, no level set, nothing re-drawn from
 * it): the page is getting into the call, whose main thread the join needs (a look took 25 ms of a
 * task between the click and the first picture on a busy machine). The first look after covers the
 * time held, as far as the analyser's history reaches.
 */
export function holdMeters(hold: boolean): void {
  held = hold;
}

/**
 * Follows the loudness of one audio track (0..1, ten times a second). Each look covers all the
 * sound since the last one (its loudest moment), not the last few milliseconds: a look that only
 * saw those missed most of what was said, and read a speaker's short sounds as silence or at the
 * threshold depending on where they fell between looks. Works on a clone of the track, so a muted
 * (disabled) microphone can still be heard "speaking while muted".
 *
 * One meter per track, however many follow it (the speaking rings and the media check's microphone
 * step both follow the guest's own microphone): it stops when the last of them lets go.
 */
export function createAudioLevel(track: MediaStreamTrack) {
  let meter = meters.get(track);
  if (!meter) {
    meter = startMeter(track);
    meters.set(track, meter);
  }
  const shared = meter;
  shared.users++;
  let disposed = false;
  return {
    level: shared.level as ReadonlySignal<number>,
    dispose() {
      if (disposed) return;
      disposed = true;
      if (--shared.users > 0) return;
      shared.stop();
      if (meters.get(track) === shared) meters.delete(track);
    },
  };
}

/**
 * The meter's Web Audio graph is set up in tasks of its own, after the one that brought the track:
 * the page's first AudioContext (9 ms on the bench machine) and an analyser of this size (7 ms) were
 * most of the pre-join page's longest task, the camera's arrival. Until then (a task or two) the level reads 0;
 * without Web Audio it stays 0.
 */
function startMeter(track: MediaStreamTrack, intervalMs = 100): SharedMeter {
  const level = signal(0);
  let stopped = false;
  let teardown = () => {};
  const setUp = async () => {
    await nextTask();
    if (stopped) return;
    const ctx = audioContext();
    await nextTask();
    if (stopped) return;
    const probe = track.clone();
    probe.enabled = true;
    const source = ctx.createMediaStreamSource(new MediaStream([probe]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = HISTORY_SAMPLES;
    source.connect(analyser);
    const buffer = new Float32Array(analyser.fftSize);
    const moment = Math.round(ctx.sampleRate * MOMENT_S);
    let lastLook = performance.now();
    const timer = setInterval(() => {
      if (held) return;
      const now = performance.now();
      const since = Math.ceil(((now - lastLook) / 1000) * ctx.sampleRate);
      lastLook = now;
      analyser.getFloatTimeDomainData(buffer);
      // Smooth the fall so the meter and the speaking ring do not flicker.
      // One moment more than the time since: the audio thread fills the analyser in bursts, so the
      // last look may not have seen the end of what it covered.
      const next = loudestLevelOf(buffer, since + moment, moment, STRIDE);
      level.value = next > level.value ? next : level.value * 0.7 + next * 0.3;
    }, intervalMs);
    teardown = () => {
      clearInterval(timer);
      source.disconnect();
      probe.stop();
    };
  };
  void setUp().catch(() => undefined);
  return {
    level,
    users: 0,
    stop() {
      stopped = true;
      teardown();
    },
  };
}
