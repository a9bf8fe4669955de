import { launchBrowser } from '../e2e/harness/browser.ts';
import { startServer } from '../e2e/harness/server.ts';
import { hostedMeeting, zeroThinkGuest } from './zero-think-guest.ts';

/**
 * `node bench/prejoin-after-click.ts [trials] [pwa-dir]`: whether a zero-think guest's pre-join page,
 * left for the room and kept a moment out of sight (room/use-kept-prejoin.ts), still draws a camera
 * preview (a `<video>` added under `.prejoin`) after the click, and when against the first remote
 * frame. `pwa-dir`: another build's `dist/pwa`, to compare. Not a benchmark row: a tool for reading
 * the join (docs/benchmarks.md, "A twenty-sixth session").
 */
const trials = Number(process.argv[2] ?? 3);
const pwaDir = process.argv[3];
const server = await startServer(pwaDir ? { PWA_DIR: pwaDir } : {});
const browser = await launchBrowser();
try {
  const { meeting } = await hostedMeeting(server, browser, 'Pre-join after the click');
  for (let trial = 0; trial < trials; trial++) {
    const p = await zeroThinkGuest(browser, meeting.guestUrl, async (page) => {
      await page.evaluateOnNewDocument(() => {
        const added: number[] = [];
        (window as unknown as { __preJoinVideos: number[] }).__preJoinVideos = added;
        new MutationObserver((records) => {
          for (const record of records)
            for (const node of record.addedNodes)
              if (node instanceof Element && (node.matches('.prejoin video') || node.querySelector('.prejoin video')))
                added.push(performance.now());
        }).observe(document, { subtree: true, childList: true });
      });
    });
    await p.pressed();
    await p.page.waitForFunction(() => performance.getEntriesByName('call:first-remote-frame').length > 0, { polling: 20 });
    // Until the kept page is gone (a hold of 1.5 s and an idle moment of 1 s at most).
    await p.page.waitForFunction(() => !document.querySelector('.prejoin'), { polling: 50, timeout: 10_000 });
    const seen = await p.page.evaluate(() => ({
      click: performance.getEntriesByName('join:click')[0]!.startTime,
      frame: performance.getEntriesByName('call:first-remote-frame')[0]!.startTime,
      videos: (window as unknown as { __preJoinVideos: number[] }).__preJoinVideos,
    }));
    const after = seen.videos.filter((at) => at > seen.click);
    console.log(
      `trial ${trial + 1}: click at ${seen.click.toFixed(0)} ms, first frame at ${seen.frame.toFixed(0)} ms; ` +
        (after.length
          ? `a preview <video> drawn after the click at ${after.map((at) => at.toFixed(0)).join(', ')} ms`
          : 'no preview drawn after the click'),
    );
    await p.leave();
  }
} finally {
  await browser.close();
  await server.stop();
}
process.exit(0);
