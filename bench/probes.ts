import type { Page } from 'puppeteer-core';

/**
 * What the benchmarks measure inside a page, installed from outside before the page loads: the
 * app ships none of it. Marks are User Timing entries the bench reads back with
 * `performance.getEntriesByName`.
 */

/**
 * `join:enabled` when Join can first be pressed, `join:click` when it is pressed,
 * `call:first-remote-frame` at the first frame of any remote video.
 */
export async function installJoinProbe(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    document.addEventListener(
      'click',
      (event) => {
        if ((event.target as Element | null)?.closest?.('[data-action=join]')) {
          performance.clearMarks('join:click');
          performance.mark('join:click');
        }
      },
      true,
    );
    let enabled = false;
    new MutationObserver(() => {
      const button = document.querySelector<HTMLButtonElement>('[data-action=join]');
      if (enabled || !button || button.disabled) return;
      enabled = true;
      performance.mark('join:enabled');
    }).observe(document, { subtree: true, childList: true, attributes: true });
    let marked = false;
    const watch = (video: HTMLVideoElement) => {
      const mark = () => {
        if (marked) return;
        marked = true;
        performance.mark('call:first-remote-frame');
      };
      if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(mark);
      else video.addEventListener('loadeddata', mark, { once: true });
    };
    const seen = new WeakSet<Element>();
    new MutationObserver(() => {
      for (const video of document.querySelectorAll<HTMLVideoElement>('video[data-remote]')) {
        if (seen.has(video)) continue;
        seen.add(video);
        watch(video);
      }
    }).observe(document, { subtree: true, childList: true });
  });
}

/** A place for the app's diagnostics (pwa/src/app/diagnostics.ts): the blur pipeline's state and timings. */
export async function installDiagnostics(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    (window as unknown as Record<string, unknown>).__meetingRoomDiagnostics = {};
  });
}
