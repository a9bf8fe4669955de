import { signal, type ReadonlySignal } from '@preact/signals';

let shared: AudioContext | null = null;
/** One AudioContext for all level meters (browsers limit how many a page may have). */
export function audioContext(): AudioContext {
  shared ??= new AudioContext();
  if (shared.state === 'suspended') void shared.resume().catch(() => undefined);
  return shared;
}

/** RMS of a time-domain buffer in [-1, 1], mapped to 0..1 with a perceptual curve. */
export function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  // -60 dBFS → 0, 0 dBFS → 1
  const db = 20 * Math.log10(rms || 1e-9);
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

export const SPEAKING_LEVEL = 0.35;

/**
 * Follows the loudness of one audio track (0..1, ten times a second). Works on a clone
 * of the track, so a muted (disabled) microphone can still be heard "speaking while muted".
 */
export function createAudioLevel(track: MediaStreamTrack, intervalMs = 100) {
  const level = signal(0);
  const ctx = audioContext();
  const probe = track.clone();
  probe.enabled = true;
  const source = ctx.createMediaStreamSource(new MediaStream([probe]));
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const buffer = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(buffer);
    // Smooth the fall so the meter and the speaking ring do not flicker.
    const next = levelOf(buffer);
    level.value = next > level.value ? next : level.value * 0.7 + next * 0.3;
  }, intervalMs);
  return {
    level: level as ReadonlySignal<number>,
    dispose() {
      clearInterval(timer);
      source.disconnect();
      probe.stop();
    },
  };
}
