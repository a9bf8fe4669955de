/**
 * Tells whether a stream's audio is speaking: an AnalyserNode polled a few times a
 * second, with a short hang-over so the indicator does not flicker between words.
 * Framework-free; one AudioContext for the whole page.
 */

let sharedContext: AudioContext | null = null;

export interface SpeakingDetectorOptions {
  /** RMS of the samples (0…1) above which someone speaks. */
  threshold?: number;
  intervalMs?: number;
  /** How long the state stays "speaking" after the level drops. */
  holdMs?: number;
}

export function createSpeakingDetector(stream: MediaStream, onChange: (speaking: boolean) => void, options: SpeakingDetectorOptions = {}) {
  const { threshold = 0.02, intervalMs = 100, holdMs = 400 } = options;
  if (typeof AudioContext === 'undefined' || stream.getAudioTracks().length === 0) return { dispose() {} };
  sharedContext ??= new AudioContext();
  const context = sharedContext;
  void context.resume().catch(() => undefined);
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let speaking = false;
  let lastLoud = -Infinity;
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) sum += s * s;
    const now = performance.now();
    if (Math.sqrt(sum / samples.length) > threshold) lastLoud = now;
    const next = now - lastLoud < holdMs;
    if (next !== speaking) onChange((speaking = next));
  }, intervalMs);
  return {
    dispose() {
      clearInterval(timer);
      source.disconnect();
    },
  };
}
