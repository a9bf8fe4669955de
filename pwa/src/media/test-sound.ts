import { audioContext } from './audio-level.ts';

/**
 * A short two-note chime for the speaker test, played through an audio element so the
 * chosen speaker (setSinkId) is used. Resolves when it has finished.
 */
export async function playTestSound(sinkId?: string): Promise<void> {
  const ctx = audioContext();
  const destination = ctx.createMediaStreamDestination();
  const gain = ctx.createGain();
  gain.connect(destination);
  const now = ctx.currentTime + 0.05;
  for (const [i, freq] of [660, 880].entries()) {
    const osc = ctx.createOscillator();
    osc.frequency.value = freq;
    osc.connect(gain);
    osc.start(now + i * 0.35);
    osc.stop(now + i * 0.35 + 0.3);
  }
  gain.gain.setValueAtTime(0, now);
  gain.gain.linearRampToValueAtTime(0.4, now + 0.03);
  gain.gain.setValueAtTime(0.4, now + 0.62);
  gain.gain.linearRampToValueAtTime(0, now + 0.68);
  const audio = new Audio();
  audio.srcObject = destination.stream;
  if (sinkId && 'setSinkId' in audio)
    await (audio as HTMLAudioElement & { setSinkId(id: string): Promise<void> }).setSinkId(sinkId).catch(() => undefined);
  await audio.play().catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 800));
  audio.pause();
  audio.srcObject = null;
  gain.disconnect();
}
