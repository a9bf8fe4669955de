import lighthouse from 'lighthouse';
import { createMeeting, signInContext, signUpHost } from '../e2e/harness/accounts.ts';
import { launchBrowser } from '../e2e/harness/browser.ts';
import { startServer } from '../e2e/harness/server.ts';
import type { BenchRow } from './table.ts';

/** Lighthouse's result, read loosely by the debugging print. */
type LighthouseResult = any;

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;

/**
 * Lighthouse (the npm package, driving Debian's Chromium) on a guest's pre-join page,
 * with Lighthouse's default mobile emulation and throttling, plus Chromium's own
 * installability check (Lighthouse 12 dropped its PWA category).
 */
export async function benchLighthouse(): Promise<BenchRow[]> {
  const server = await startServer();
  const browser = await launchBrowser(['--remote-debugging-port=0']);
  try {
    const host = await signUpHost(server);
    const meeting = await createMeeting(server, host, 'Lighthouse');
    const port = Number(new URL(browser.wsEndpoint()).port);
    const rows: BenchRow[] = [];
    // The host's overview (`/m/:id` signed in): the session cookie in the context Lighthouse opens its tab in.
    await signInContext(browser.defaultBrowserContext(), server, host);
    // Run 0 is the warm-up, shown but not held to the target (as the join's first trial is dropped): a
    // fresh browser's first page to use the camera, audio and WebRTC pays for starting those services
    // (10–15 points of the score, measured against a browser warmed by a bare getUserMedia,
    // AudioContext and RTCPeerConnection on a static file; docs/benchmarks.md). Lighthouse clears
    // the origin's caches and storage before every run, so each run still loads our page cold.
    const runs = [
      { page: 'pre-join', url: meeting.guestUrl, formFactor: 'mobile' as const, run: 0 },
      ...[1, 2, 3].map((run) => ({ page: 'pre-join', url: meeting.guestUrl, formFactor: 'mobile' as const, run })),
      ...[1, 2, 3].map((run) => ({ page: 'overview', url: meeting.hostUrl, formFactor: 'mobile' as const, run })),
      { page: 'pre-join', url: meeting.guestUrl, formFactor: 'desktop' as const, run: 1 },
    ];
    const scores = new Map<string, number[]>();
    /** Runs Lighthouse lost to its own trace recording (NO_NAVSTART: "please run Lighthouse again"), each run again once. */
    const lost: string[] = [];
    for (const { page, url, formFactor, run } of runs) {
      const audit = () =>
        lighthouse(url, {
          port,
          logLevel: 'error',
          output: 'json',
          onlyCategories: [...CATEGORIES],
          formFactor,
          screenEmulation:
            formFactor === 'desktop' ? { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false } : undefined,
        });
      let lhr = (await audit())!.lhr;
      if (lhr.runtimeError?.code === 'NO_NAVSTART') {
        lost.push(`${page} ${formFactor} ${run === 0 ? 'warm-up' : `run ${run}`}`);
        lhr = (await audit())!.lhr;
      }
      if (lhr.runtimeError) throw new Error(`Lighthouse on ${page}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      for (const id of CATEGORIES) {
        const kind =
          run === 0
            ? "mobile, the warm-up: the fresh browser's first page"
            : formFactor === 'mobile'
              ? 'mobile, default'
              : 'desktop preset';
        const key = `${id} (${page}, ${kind})`;
        scores.set(key, [...(scores.get(key) ?? []), Math.round((lhr.categories[id]?.score ?? 0) * 100)]);
      }
      const metric = (id: string) => lhr.audits[id]?.displayValue ?? '?';
      rows.push({
        metric: `${page} FCP / LCP / TBT / CLS / SI (${formFactor}, ${run === 0 ? 'warm-up' : `run ${run}`})`,
        value: ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
          .map(metric)
          .join(' / '),
      });
      if (process.env.LIGHTHOUSE_DEBUG) debugAudits(lhr);
    }
    if (lost.length > 0)
      rows.push({ metric: 'Lighthouse runs made again (its trace recording failed: NO_NAVSTART)', value: lost.join('; ') });
    for (const [key, values] of scores) {
      // The target is for Lighthouse's default run (mobile), every run; the desktop preset is shown for information.
      const mobile = key.includes('mobile, default');
      rows.push({
        metric: `Lighthouse ${key}${values.length > 1 ? `, ${values.length} runs` : ''}`,
        value: values.join(', '),
        ...(mobile ? { target: '≥ 95 each', ok: values.every((v) => v >= 95) } : {}),
      });
    }
    // Installable: Chromium's own check, on a normal (not incognito) profile with the service worker active.
    const page = await browser.newPage();
    await page.goto(meeting.guestUrl);
    await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated', {
      polling: 100,
      timeout: 30_000,
    });
    const cdp = await page.createCDPSession();
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    rows.push({
      metric: 'installable (Chromium installability check)',
      value: installabilityErrors.length ? installabilityErrors.map((e) => e.errorId).join(', ') : 'yes',
      target: 'yes',
      ok: installabilityErrors.length === 0,
    });
    return rows;
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** LIGHTHOUSE_DEBUG=1: the LCP element, long tasks, script boot-up and layout shifts of a run. */
function debugAudits(lhr: LighthouseResult): void {
  console.error(JSON.stringify(lhr.audits['largest-contentful-paint-element']?.details ?? null, null, 1).slice(0, 1500));
  for (const t of lhr.audits['long-tasks']?.details?.items ?? [])
    console.error(`long task ${t.duration.toFixed(0)} ms at ${t.startTime.toFixed(0)} ${t.url}`);
  for (const b of lhr.audits['bootup-time']?.details?.items ?? [])
    console.error(`bootup ${b.total.toFixed(0)} ms (script ${b.scripting.toFixed(0)}) ${b.url}`);
  for (const item of lhr.audits['layout-shifts']?.details?.items ?? [])
    console.error(item.score.toFixed(3), item.node?.selector, JSON.stringify(item.subItems?.items ?? []).slice(0, 300));
}
