import type { Page } from 'puppeteer-core';
import { createMeeting, signInContext, signUpHost } from '../e2e/harness/accounts.ts';
import { launchBrowser, openParticipant } from '../e2e/harness/browser.ts';
import { joinAs } from '../e2e/harness/room.ts';
import { startServer } from '../e2e/harness/server.ts';
import { floorMeeting, markTime, siteWithFloor } from './join-floor.ts';
import { loadAverage, median } from './table.ts';
import { installCallSteps } from './probes.ts';
import { zeroThinkGuest } from './zero-think-guest.ts';

/**
 * `node bench/join-both-sides.ts [trials] [join|reload] [ours|floor]`: a zero-think guest's join (or
 * reload) and the host's side of it on one clock — both pages' socket messages, peer-connection
 * steps and requests, in ms from the guest's navigation start — for our page or the floor's, and
 * the medians of the steps from the guest's offer (or, after a reload, the host's) to the first
 * frame: which hop differs from the floor's. `VERBOSE=1` prints every trial's log. Not a benchmark
 * row: a tool for reading the join path (docs/benchmarks.md, "A fifteenth session").
 */
const trials = Number(process.argv[2] ?? 6);
const mode = process.argv[3] === 'reload' ? 'reload' : 'join';
const side = process.argv[4] === 'floor' ? 'floor' : 'ours';

type Log = [at: number, what: string][];

/** The page's call steps (probes.ts, `installCallSteps`) with absolute times (time origin + mark). */
const instrument = (page: Page, who: string) => installCallSteps(page, `${who} `, { requests: true });

/** The page's marks with absolute times; the bench's own (the click, the first frame) named for `who` too. */
const readLog = (page: Page, who: string) =>
  page.evaluate(
    (who) =>
      performance
        .getEntriesByType('mark')
        .map((m): [number, string] => [
          performance.timeOrigin + m.startTime,
          m.name.startsWith(`${who} `) ? m.name : `${who} mark ${m.name}`,
        ]),
    who,
  );
const origin = (page: Page) => page.evaluate(() => performance.timeOrigin);

/** The guest's log and the host's from 200 ms before the guest's navigation, in ms from that navigation. */
async function merged(guest: Page, host: Page): Promise<Log> {
  const zero = await origin(guest);
  const rows = [...(await readLog(guest, 'guest')), ...(await readLog(host, 'HOST ')).filter(([at]) => at >= zero - 200)];
  return rows.map(([at, what]): [number, string] => [at - zero, what]).sort((a, b) => a[0] - b[0]);
}

/** The steps from the first offer on to the first frame: which side sent it, relay, answer, connection, picture. */
function steps(log: Log): Record<string, number> {
  const at = (re: RegExp, after = Number.NEGATIVE_INFINITY) => log.find(([t, what]) => t >= after && re.test(what))?.[0] ?? Number.NaN;
  const offerOut = at(/ ws → OFFER$/);
  const offerBy = log.find(([, w]) => / ws → OFFER$/.test(w))?.[1].startsWith('guest') ? 'guest' : 'HOST ';
  const other = offerBy === 'guest' ? 'HOST ' : 'guest';
  const offerIn = at(new RegExp(`^${other} ws peerjs ← OFFER$`), offerOut);
  const answerOut = at(new RegExp(`^${other} ws → ANSWER$`), offerIn);
  const answerIn = at(new RegExp(`^${offerBy} ws peerjs ← ANSWER$`), answerOut);
  const connected = at(/^guest pc\d+ connected$/, offerOut);
  const frame = at(/^guest mark (call:first-remote-frame|floor:first-frame)$/);
  return {
    'guest: peerjs socket made': at(/^guest ws peerjs new$/),
    'guest: OPEN': at(/^guest ws peerjs ← OPEN$/),
    'first OFFER sent': offerOut,
    'OFFER relayed': offerIn - offerOut,
    'answered (OFFER in → ANSWER out)': answerOut - offerIn,
    'ANSWER relayed': answerIn - answerOut,
    'ANSWER in → guest connected': connected - answerIn,
    'guest connected → first frame': frame - connected,
    'first frame': frame,
  };
}

const server = await startServer({ PWA_DIR: await siteWithFloor() });
const browser = await launchBrowser();
try {
  const account = await signUpHost(server, 'Hanna Host');
  const results: Record<string, number>[] = [];
  const report = (log: Log, trial: number) => {
    if (process.env.VERBOSE)
      console.log(`--- ${side} ${mode} ${trial}\n${log.map(([t, w]) => `${t.toFixed(0).padStart(6)}  ${w}`).join('\n')}`);
    if (trial > 0) results.push(steps(log)); // the first is a warm-up
  };
  if (side === 'ours') {
    const meeting = await createMeeting(server, account, 'Both sides');
    const host = await openParticipant(browser, meeting.hostUrl, {
      prepare: (c) => signInContext(c, server, account),
      beforeLoad: (page) => instrument(page, 'HOST '),
    });
    await joinAs(host.page, 'Hanna Host');
    for (let trial = 0; trial <= trials; trial++) {
      const guest = await zeroThinkGuest(browser, meeting.guestUrl, (page) => instrument(page, 'guest'));
      await guest.pressed();
      await markTime(guest.page, 'call:first-remote-frame');
      if (mode === 'reload') {
        await guest.page.reload();
        await markTime(guest.page, 'call:first-remote-frame');
      }
      await new Promise((r) => setTimeout(r, 300)); // the host's last steps
      report(await merged(guest.page, host.page), trial);
      await guest.leave();
    }
  } else {
    const floor = await floorMeeting(server, browser, account, {
      beforeLoad: (page, role) => instrument(page, role === 'callee' ? 'HOST ' : 'guest'),
      reload: mode === 'reload',
    });
    for (let trial = 0; trial <= trials; trial++) {
      await floor.trial(async (page) => {
        await new Promise((r) => setTimeout(r, 300));
        report(await merged(page, floor.callee.page), trial);
      });
    }
  }
  console.log(`${side}, ${mode}: median of ${results.length} trials (ms; times from the guest's navigation start, the rest durations)`);
  for (const key of Object.keys(results[0] ?? {}))
    console.log(`  ${key.padEnd(34)} ${median(results.map((r) => r[key]!).filter((v) => !Number.isNaN(v))).toFixed(0)}`);
  console.log(`load ${loadAverage()}`);
} finally {
  await browser.close();
  await server.stop();
}
process.exit(0);
