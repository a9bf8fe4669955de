import type { Page } from 'puppeteer-core';
import { poll } from './browser.ts';

/** Installs an AnalyserNode on the audio of one participant's tile (window.__probe). */
export async function probeTileAudio(page: Page, participantId: string) {
  await page.waitForFunction(
    (id) =>
      (
        (document.querySelector(`[data-participant-id="${id}"] video`) as HTMLVideoElement | null)?.srcObject as MediaStream | null
      )?.getAudioTracks().length === 1,
    poll,
    participantId,
  );
  await page.evaluate(async (id) => {
    const context = new AudioContext();
    await context.resume();
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    analyser.smoothingTimeConstant = 0;
    // The probe follows the tile: if the call to the caller is set up again (the page's link keeper
    // does so when a connection fails, as it may on a loaded machine), the tile gets a new track.
    let source: MediaStreamAudioSourceNode | null = null;
    let probed: MediaStreamTrack | null = null;
    const follow = () => {
      const video = document.querySelector(`[data-participant-id="${id}"] video`) as HTMLVideoElement | null;
      const track = (video?.srcObject as MediaStream | null)?.getAudioTracks()[0] ?? null;
      if (!track || track === probed) return;
      source?.disconnect();
      source = context.createMediaStreamSource(new MediaStream([track]));
      source.connect(analyser);
      probed = track;
    };
    follow();
    (window as unknown as { __probe: unknown }).__probe = { context, analyser };
    // Strongest frequency (Hz) and its level (dBFS) the probe hears right now. Defined here, not
    // passed as source text, because the page's CSP forbids eval.
    (window as unknown as { __peak: () => { hz: number; db: number } }).__peak = () => {
      follow();
      const bins = new Float32Array(analyser.frequencyBinCount);
      analyser.getFloatFrequencyData(bins);
      let best = 0;
      for (let i = 1; i < bins.length; i++) if (bins[i]! > bins[best]!) best = i;
      return { hz: (best * context.sampleRate) / analyser.fftSize, db: bins[best]! };
    };
  }, participantId);
}

/**
 * The strongest frequency and its level, read `count` times `intervalMs` apart: what the tile plays
 * over a span, not at one instant (one instant may fall on a lost packet's concealment).
 */
export const tilePeaks = (page: Page, count = 10, intervalMs = 100) =>
  page.evaluate(
    async (count, intervalMs) => {
      const peak = (window as unknown as { __peak: () => { hz: number; db: number } }).__peak;
      const readings: { hz: number; db: number }[] = [];
      for (let i = 0; i < count; i++) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
        readings.push(peak());
      }
      return readings;
    },
    count,
    intervalMs,
  );
