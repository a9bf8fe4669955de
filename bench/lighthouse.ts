import lighthouse from 'lighthouse';
import { createMeeting, signUpHost } from '../e2e/harness/accounts.ts';
import { launchBrowser } from '../e2e/harness/browser.ts';
import { startServer } from '../e2e/harness/server.ts';
import type { BenchRow } from './table.ts';

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
    for (const formFactor of ['mobile', 'desktop'] as const) {
      const result = await lighthouse(meeting.guestUrl, {
        port,
        logLevel: 'error',
        output: 'json',
        onlyCategories: [...CATEGORIES],
        formFactor,
        screenEmulation:
          formFactor === 'desktop' ? { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false } : undefined,
      });
      const lhr = result!.lhr;
      for (const id of CATEGORIES) {
        const score = Math.round((lhr.categories[id]?.score ?? 0) * 100);
        // The target is for Lighthouse's default run (mobile); the desktop preset is shown for information.
        rows.push(
          formFactor === 'mobile'
            ? { metric: `Lighthouse ${id} (pre-join, mobile, default)`, value: String(score), target: '≥ 95', ok: score >= 95 }
            : { metric: `Lighthouse ${id} (pre-join, desktop preset)`, value: String(score) },
        );
      }
      const metric = (id: string) => lhr.audits[id]?.displayValue ?? '?';
      rows.push({
        metric: `pre-join FCP / LCP / TBT / CLS / SI (${formFactor})`,
        value: ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
          .map(metric)
          .join(' / '),
      });
      if (process.env.LIGHTHOUSE_DEBUG) {
        console.error(JSON.stringify(lhr.audits['largest-contentful-paint-element']?.details, null, 1).slice(0, 1500));
        const longTasks =
          (lhr.audits['long-tasks']?.details as { items?: { url: string; duration: number; startTime: number }[] } | undefined)?.items ??
          [];
        for (const t of longTasks) console.error(`long task ${t.duration.toFixed(0)} ms at ${t.startTime.toFixed(0)} ${t.url}`);
        const bootup =
          (lhr.audits['bootup-time']?.details as { items?: { url: string; total: number; scripting: number }[] } | undefined)?.items ?? [];
        for (const b of bootup) console.error(`bootup ${b.total.toFixed(0)} ms (script ${b.scripting.toFixed(0)}) ${b.url}`);
        const shifts =
          (
            lhr.audits['layout-shifts']?.details as
              | {
                  items?: {
                    score: number;
                    node?: { selector?: string; snippet?: string };
                    subItems?: { items?: { cause?: string; extra?: { value?: string } }[] };
                  }[];
                }
              | undefined
          )?.items ?? [];
        for (const item of shifts)
          console.error(item.score.toFixed(3), item.node?.selector, JSON.stringify(item.subItems?.items ?? []).slice(0, 300));
      }
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
