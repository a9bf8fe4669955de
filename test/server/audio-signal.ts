/** Small signal helpers for the dial-in tests and benchmarks: tones, loudness, pitch. */

/** A sine tone as 16-bit samples; `phase` lets consecutive frames join without a click. */
export function sineFrame(frequency: number, sampleRate: number, length: number, amplitude = 8000, startSample = 0): Int16Array {
  const out = new Int16Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequency * (startSample + i)) / sampleRate));
  }
  return out;
}

/** Root mean square of the samples (0 … 32768). */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

/** Power at one frequency (Goertzel). */
export function goertzelPower(samples: Int16Array, frequency: number, sampleRate: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
}

/** The strongest frequency among `from`…`to` in `step` Hz steps. */
export function dominantFrequency(samples: Int16Array, sampleRate: number, from = 100, to = 3400, step = 10): number {
  let best = from;
  let bestPower = -1;
  for (let f = from; f <= to; f += step) {
    const power = goertzelPower(samples, f, sampleRate);
    if (power > bestPower) {
      bestPower = power;
      best = f;
    }
  }
  return best;
}
