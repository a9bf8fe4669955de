import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchBrowser } from '../e2e/harness/browser.ts';

/**
 * `node bench/meter-beeps.ts [pages]`: what a level meter sees of Chromium's fake microphone (a
 * 20 ms beep every 500 ms), looking ten times a second for 6 s on each of a few fresh pages: the
 * old look (the last 1,024 samples) and the app's (the loudest 20 ms since the last look, every 4th
 * sample: `loudestLevelOf` in pwa/src/media/audio-level.ts, written out here for a bare page).
 * Prints, per page and way, how many looks read the speaking threshold (0.35) or more and the
 * first ten readings, unsmoothed. Not a benchmark row: the probe behind docs/benchmarks.md's
 * nineteenth session.
 */
const server = createServer((_, res) => res.end('<!doctype html><title>meter</title>')).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const browser = await launchBrowser();
try {
  for (let i = 0; i < Number(process.argv[2] ?? 4); i++) {
    const page = await browser.newPage();
    await page.goto(url);
    const result = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 32_768;
      ctx.createMediaStreamSource(stream).connect(analyser);
      const buffer = new Float32Array(analyser.fftSize);
      const level = (meanSquare: number) => Math.min(1, Math.max(0, (10 * Math.log10(meanSquare || 1e-18) + 60) / 60));
      const lastWindow = () => {
        let sum = 0;
        for (let i = buffer.length - 1024; i < buffer.length; i++) sum += buffer[i]! * buffer[i]!;
        return level(sum / 1024);
      };
      const moment = Math.round(ctx.sampleRate * 0.02);
      const loudest = (count: number) => {
        const start = buffer.length - Math.max(count, moment);
        const hop = moment >> 1;
        let best = 0;
        let newerSum = 0;
        let newerPoints = 0;
        for (let to = buffer.length; to > start; to -= hop) {
          const from = Math.max(start, to - hop);
          let sum = 0;
          let points = 0;
          for (let i = to - 1; i >= from; i -= 4) {
            sum += buffer[i]! * buffer[i]!;
            points++;
          }
          if (newerPoints > 0 || from === start) best = Math.max(best, (sum + newerSum) / (points + newerPoints));
          newerSum = sum;
          newerPoints = points;
        }
        return level(best);
      };
      await new Promise((resolve) => setTimeout(resolve, 500));
      const old: number[] = [];
      const now: number[] = [];
      let last = performance.now();
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const at = performance.now();
          const since = Math.ceil(((at - last) / 1000) * ctx.sampleRate);
          last = at;
          analyser.getFloatTimeDomainData(buffer);
          old.push(lastWindow());
          now.push(loudest(since + moment));
          if (old.length === 60) {
            clearInterval(timer);
            resolve();
          }
        }, 100);
      });
      const row = (xs: number[]) =>
        `${xs.filter((x) => x >= 0.35).length}/60 over 0.35; ${xs
          .slice(0, 10)
          .map((x) => x.toFixed(2))
          .join(' ')}`;
      return { sampleRate: ctx.sampleRate, old: row(old), now: row(now) };
    });
    console.log(
      `page ${i} (${result.sampleRate} Hz)\n  last 1,024 samples:        ${result.old}\n  loudest 20 ms since last:  ${result.now}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
