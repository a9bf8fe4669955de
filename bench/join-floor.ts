import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { createMeeting, signInContext, signUpHost, type HostAccount } from '../e2e/harness/accounts.ts';
import { launchBrowser, openParticipant } from '../e2e/harness/browser.ts';
import { joinAs } from '../e2e/harness/room.ts';
import { api, ROOT, startServer, type RunningServer } from '../e2e/harness/server.ts';
import { describeFrame, framesReported, longFramesOf, recordLongFrames } from './long-animation-frames.ts';
import { longestTaskBetween, recordLongTasks } from './long-tasks.ts';
import { installJoinProbe, pressWhenEnabled } from './probes.ts';
import { median, type BenchRow } from './table.ts';
import { leaveTheCall } from './zero-think-guest.ts';

/**
 * A guest's join against the floor of a bare PeerJS call, measured interleaved in one run on the
 * same server: the floor page (bench/floor/) is served beside the built app. Both are zero-think
 * guests, timed from navigation start to the first frame of the host's video; then a reload,
 * timed the same way. One warm-up trial of each is dropped.
 */
export async function benchJoinAgainstFloor(trials = 12): Promise<BenchRow[]> {
  const server = await startServer({ PWA_DIR: await siteWithFloor() });
  const browser = await launchBrowser();
  try {
    const account = await signUpHost(server, 'Hanna Host');
    const ours = await createMeeting(server, account, 'Bench: the app');
    const host = await openParticipant(browser, ours.hostUrl, (c) => signInContext(c, server, account));
    await joinAs(host.page, 'Hanna Host');
    const floor = await floorMeeting(server, browser, account, {
      beforeLoad: (page, role) => (role === 'caller' ? recordLongTasks(page) : Promise.resolve()),
    });

    const results = {
      floorJoin: [] as number[],
      oursJoin: [] as number[],
      oursClick: [] as number[],
      oursButton: [] as number[],
      oursLongest: [] as number[],
      floorLongest: [] as number[],
      floorReload: [] as number[],
      oursReload: [] as number[],
    };
    const wire: number[] = [];
    const decoded: number[] = [];
    /** The worst trial's frames with a long task between the click and the first frame, for the log. */
    let worst = { longest: 0, frames: [] as string[] };
    for (let trial = 0; trial <= trials; trial++) {
      // Interleaved, in alternating order, so a slow moment of the machine falls on both.
      const runs: (() => Promise<{
        join: number;
        reload: number;
        click?: number;
        button?: number;
        longest?: number;
        longFrames?: string[];
        bytes?: { wire: number; decoded: number };
      }>)[] = [
        async () => {
          let longest = 0;
          const r = await floor.trial(undefined, async (page, firstFrame) => {
            longest = await longestTaskBetween(page, await markTime(page, 'floor:call'), firstFrame);
          });
          return { ...r, longest };
        },
        () => ourTrial(browser, ours.guestUrl),
      ];
      if (trial % 2 === 1) runs.reverse();
      for (const run of runs) {
        const r = await run();
        if (trial === 0) continue; // warm-up
        if (r.bytes) {
          results.oursJoin.push(r.join);
          results.oursClick.push(r.click!);
          results.oursButton.push(r.button!);
          results.oursLongest.push(r.longest!);
          if (r.longest! > worst.longest) worst = { longest: r.longest!, frames: r.longFrames! };
          results.oursReload.push(r.reload);
          wire.push(r.bytes.wire);
          decoded.push(r.bytes.decoded);
        } else {
          results.floorJoin.push(r.join);
          results.floorLongest.push(r.longest!);
          results.floorReload.push(r.reload);
        }
      }
    }
    // What ran in the worst trial's long task: the row says how long, the log says what.
    if (worst.longest >= 50)
      process.stderr.write(`join, the worst trial's long tasks (click → first frame):\n${worst.frames.map((l) => `  ${l}\n`).join('')}`);
    const script: number[] = [];
    for (let i = 0; i < 3; i++) script.push(await scriptBeforePreJoin(browser, ours.guestUrl));
    const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)])) as Record<keyof typeof results, number>;
    const ratio = (a: number, b: number) => a / b;
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
    return [
      { metric: `floor: bare PeerJS call, navigation → remote video, median of ${trials}`, value: ms(m.floorJoin) },
      {
        metric: 'floor: longest main-thread task between its call and the first frame (0: none of 50 ms or more), median / worst trial',
        value: `${ms(m.floorLongest)} / ${ms(Math.max(...results.floorLongest))}`,
      },
      { metric: 'guest opens the link, Join at once → remote video, median', value: ms(m.oursJoin) },
      { metric: '  of which: navigation → Join enabled', value: ms(m.oursButton) },
      { metric: '  of which: navigation → the click lands (the harness clicks once enabled)', value: ms(m.oursClick) },
      {
        metric: '  longest main-thread task between the click and the first frame (0: none of 50 ms or more), median / worst trial',
        value: `${ms(m.oursLongest)} / ${ms(Math.max(...results.oursLongest))}`,
        target: 'none ≥ 50 ms',
        ok: Math.max(...results.oursLongest) < 50,
      },
      {
        metric: 'script run before the pre-join page can be used (Chromium ScriptDuration at Join enabled), median of 3',
        value: ms(median(script)),
        target: '< 20 ms',
        ok: median(script) < 20,
      },
      {
        metric: 'join / floor',
        value: `${ratio(m.oursJoin, m.floorJoin).toFixed(2)}×`,
        target: '≤ 1.3×',
        ok: ratio(m.oursJoin, m.floorJoin) <= 1.3,
      },
      { metric: 'floor: reload → remote video, median', value: ms(m.floorReload) },
      { metric: 'guest reloads in the call → remote video, median', value: ms(m.oursReload) },
      {
        metric: 'reload / floor',
        value: `${ratio(m.oursReload, m.floorReload).toFixed(2)}×`,
        target: '≤ 1.2×',
        ok: ratio(m.oursReload, m.floorReload) <= 1.2,
      },
      {
        metric: 'bytes a guest loads before the video plays (wire), median of the trials (min–max)',
        value: `${kb(median(wire))} (${kb(Math.min(...wire))}–${kb(Math.max(...wire))})`,
        target: '< 60 kB',
        ok: median(wire) < 60 * 1024,
      },
      { metric: 'bytes a guest loads before the video plays (decoded), median', value: kb(median(decoded)) },
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** Waits for a User Timing mark and returns its time from the page's navigation start. */
export async function markTime(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction(
    (n) => performance.getEntriesByName(n)[0]?.startTime ?? false,
    { polling: 20, timeout: 30_000 },
    name,
  );
  return (await handle.jsonValue()) as number;
}

/** The built app with the floor's page (bench/floor/) beside it, in a folder of its own for the server to serve. */
export async function siteWithFloor(): Promise<string> {
  const site = await mkdtemp(path.join(tmpdir(), 'bench-site-'));
  await cp(path.join(ROOT, 'dist/pwa'), site, { recursive: true });
  await cp(path.join(ROOT, 'bench/floor'), path.join(site, 'floor'), { recursive: true });
  await cp(path.join(ROOT, 'node_modules/peerjs/dist/peerjs.min.js'), path.join(site, 'floor/peerjs.min.js'));
  return site;
}

/**
 * The floor's own meeting: a callee page that answers, and a fresh caller per trial. `beforeLoad`
 * runs on each page before it loads (a tool's probe), `reload` says whether a trial reloads the caller.
 */
export async function floorMeeting(
  server: RunningServer,
  browser: Browser,
  account: HostAccount,
  { beforeLoad, reload = true }: { beforeLoad?: (page: Page, role: 'callee' | 'caller') => Promise<void>; reload?: boolean } = {},
) {
  const meeting = await createMeeting(server, account, 'Bench: the floor');
  const invite = new URL(meeting.guestUrl).searchParams.get('invite')!;
  const join = async (headers: Record<string, string>, name: string) => {
    const res = await api(server, 'POST', `/api/meetings/${meeting.id}/join`, { name }, headers);
    if (res.status !== 201) throw new Error(`floor join: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.participant.id as string, token: res.body.token as string };
  };
  const url = (role: string, who: { id: string; token: string }, remote = '') =>
    `${server.url}/floor/index.html#${new URLSearchParams({ role, id: who.id, token: who.token, meeting: meeting.id, remote })}`;
  const callee = await join({ cookie: account.cookie }, 'Floor callee');
  const calleePage = await openParticipant(browser, url('callee', callee), {
    beforeLoad: (page) => beforeLoad?.(page, 'callee') ?? Promise.resolve(),
  });
  await calleePage.page.waitForFunction(() => document.body.dataset.ready === 'true', { polling: 20, timeout: 30_000 });
  return {
    callee: calleePage,
    /**
     * One caller: joins (and reloads); `inspect` reads its page before it goes (after the reload, if
     * any), `joined` before the reload (with the first frame's time).
     */
    async trial(inspect?: (page: Page) => Promise<void>, joined?: (page: Page, firstFrame: number) => Promise<void>) {
      const caller = await join({ 'x-invite-token': invite }, 'Floor caller');
      const p = await openParticipant(browser, url('caller', caller, callee.id), {
        beforeLoad: (page) => beforeLoad?.(page, 'caller') ?? Promise.resolve(),
      });
      const joinMs = await markTime(p.page, 'floor:first-frame');
      await joined?.(p.page, joinMs);
      let reloadMs = Number.NaN;
      if (reload) {
        await p.page.reload();
        reloadMs = await markTime(p.page, 'floor:first-frame');
      }
      await inspect?.(p.page);
      await api(server, 'POST', `/api/meetings/${meeting.id}/leave`, { participantId: caller.id, token: caller.token });
      await p.context.close();
      return { join: joinMs, reload: reloadMs };
    },
  };
}

/**
 * Our guest: opens the shared link (a name remembered from before), presses Join the moment it can.
 * `latencyMs`: added to every request and socket of the guest's page (DevTools' network emulation),
 * for bench/join-ab.ts.
 */
export async function ourTrial(browser: Browser, guestUrl: string, latencyMs = 0) {
  let pressed: (() => Promise<void>) | undefined;
  const p = await openParticipant(browser, guestUrl, {
    beforeLoad: async (page) => {
      if (latencyMs > 0) {
        const cdp = await page.createCDPSession();
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: latencyMs,
          downloadThroughput: -1,
          uploadThroughput: -1,
        });
      }
      await installJoinProbe(page);
      await recordLongFrames(page);
      pressed = await pressWhenEnabled(page, '[data-action=join]');
      await page.evaluateOnNewDocument(() => localStorage.setItem('display-name', 'Gus Guest'));
      await recordLongTasks(page);
    },
  });
  await pressed!();
  const joinMs = await markTime(p.page, 'call:first-remote-frame');
  const clickMs = await markTime(p.page, 'join:click');
  const buttonMs = await markTime(p.page, 'join:enabled');
  const bytes = await p.page.evaluate((until) => {
    const entries = [
      ...performance.getEntriesByType('navigation'),
      ...performance.getEntriesByType('resource'),
    ] as PerformanceResourceTiming[];
    const before = entries.filter((e) => e.startTime <= until);
    return { wire: before.reduce((n, e) => n + e.transferSize, 0), decoded: before.reduce((n, e) => n + e.decodedBodySize, 0) };
  }, joinMs);
  // Main-thread tasks of 50 ms or more between the click and the first frame (none is the target).
  const longest = await longestTaskBetween(p.page, clickMs, joinMs);
  await framesReported(p.page);
  const longFrames = (await longFramesOf(p.page))
    .filter((f) => f.blocking > 0 && f.start + f.duration > clickMs && f.start < joinMs)
    .flatMap(describeFrame);
  await p.page.reload();
  const reloadMs = await markTime(p.page, 'call:first-remote-frame');
  await leaveTheCall(p.page);
  await p.context.close();
  return { join: joinMs, reload: reloadMs, click: clickMs, button: buttonMs, bytes, longest, longFrames };
}

/**
 * The script a guest's browser runs from navigation until Join can be pressed: Chromium's own
 * ScriptDuration (the Performance domain's cumulative script time of the page) read at that moment.
 */
async function scriptBeforePreJoin(browser: Browser, guestUrl: string): Promise<number> {
  const p = await openParticipant(browser, 'about:blank');
  try {
    const cdp = await p.page.createCDPSession();
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await p.page.evaluateOnNewDocument(() => localStorage.setItem('display-name', 'Gus Guest'));
    await p.page.goto(guestUrl);
    await p.page.waitForSelector('[data-action=join]:not([disabled])', { timeout: 30_000 });
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((x) => x.name === 'ScriptDuration')?.value ?? Number.NaN) * 1000;
  } finally {
    await p.context.close();
  }
}
