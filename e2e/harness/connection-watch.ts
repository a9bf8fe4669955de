import type { Page } from 'puppeteer-core';

/** The remote video of one participant has frames and its time moves on (by half a second, whichever element shows it). */
export async function videoFlows(page: Page, participantId: string, timeout: number) {
  const sel = `[data-participant-id="${participantId}"] video`;
  await page.waitForFunction(
    (s) => {
      const w = window as unknown as { __flowFrom?: Record<string, number> };
      const video = document.querySelector(s) as HTMLVideoElement | null;
      if (!video || video.videoWidth === 0) return false;
      w.__flowFrom ??= {};
      w.__flowFrom[s] ??= video.currentTime;
      if (video.currentTime < w.__flowFrom[s]) w.__flowFrom[s] = video.currentTime;
      if (video.currentTime <= w.__flowFrom[s] + 0.5) return false;
      delete w.__flowFrom[s];
      return true;
    },
    { polling: 100, timeout },
    sel,
  );
}

/**
 * From before the page loads: the room-channel sockets that opened, and for how long in all the
 * page showed "Reconnecting…" (a MutationObserver, so even a flash is counted).
 */
export async function watchConnection(page: Page) {
  await page.evaluateOnNewDocument(() => {
    const Original = window.WebSocket;
    const w = window as unknown as { __roomOpens: number; __reconnectingMs: number; __reconnectingSince: number | null };
    w.__roomOpens = 0;
    w.__reconnectingMs = 0;
    w.__reconnectingSince = null;
    window.WebSocket = class extends Original {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        if (String(url).includes('/ws/rooms/')) this.addEventListener('open', () => void w.__roomOpens++);
      }
    } as typeof WebSocket;
    const check = () => {
      const shown = document.querySelector('[data-testid=reconnecting]') !== null;
      if (shown && w.__reconnectingSince === null) w.__reconnectingSince = performance.now();
      if (!shown && w.__reconnectingSince !== null) {
        w.__reconnectingMs += performance.now() - w.__reconnectingSince;
        w.__reconnectingSince = null;
      }
    };
    document.addEventListener('DOMContentLoaded', () =>
      new MutationObserver(check).observe(document.body, { childList: true, subtree: true }),
    );
  });
}
export const connection = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __roomOpens: number; __reconnectingMs: number; __reconnectingSince: number | null };
    return {
      opens: w.__roomOpens,
      reconnectingMs: w.__reconnectingMs + (w.__reconnectingSince === null ? 0 : performance.now() - w.__reconnectingSince),
    };
  });

/**
 * Starts timing the remote videos' frames (requestVideoFrameCallback): `longestFreeze` then says the
 * longest time any of them went without a new frame since this call, in ms.
 */
export async function watchFrames(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __frameGaps: Map<HTMLVideoElement, { last: number; longest: number }> };
    w.__frameGaps = new Map();
    for (const video of document.querySelectorAll<HTMLVideoElement>('.tile:not([data-self]) video')) {
      const gap = { last: performance.now(), longest: 0 };
      w.__frameGaps.set(video, gap);
      const onFrame = (now: number) => {
        gap.longest = Math.max(gap.longest, now - gap.last);
        gap.last = now;
        if (w.__frameGaps.get(video) === gap) video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    }
  });
}
export const longestFreeze = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __frameGaps: Map<HTMLVideoElement, { last: number; longest: number }> };
    const now = performance.now();
    return Math.max(0, ...[...w.__frameGaps.values()].map((g) => Math.max(g.longest, now - g.last)));
  });
