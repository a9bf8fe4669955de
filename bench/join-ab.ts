import { createMeeting, signInContext, signUpHost } from '../e2e/harness/accounts.ts';
import { launchBrowser, openParticipant } from '../e2e/harness/browser.ts';
import { joinAs } from '../e2e/harness/room.ts';
import { startServer } from '../e2e/harness/server.ts';
import { ourTrial } from './join-floor.ts';
import { loadAverage, median } from './table.ts';

/**
 * `node bench/join-ab.ts <other-checkout> [trials] [latency-ms]`: a zero-think guest's join and
 * reload, this checkout's build against another's (a `git worktree` with `npm run build` done),
 * interleaved in alternating order in one browser, one warm-up dropped; optionally with latency
 * added to the guest's page (DevTools' network emulation: every request and socket). Not a benchmark
 * row: a tool for telling whether a change to the join path helps, on a machine whose load varies.
 */
const [other, trialsArg, latencyArg] = process.argv.slice(2);
if (!other) throw new Error('usage: node bench/join-ab.ts <other-checkout> [trials] [latency-ms]');
const trials = Number(trialsArg ?? 11);
const latency = Number(latencyArg ?? 0);
const browser = await launchBrowser();
const builds = { other: `${other}/dist/pwa`, this: undefined };
const setups: { name: string; url: string; stop: () => Promise<void> }[] = [];
try {
  for (const [name, pwaDir] of Object.entries(builds)) {
    const server = await startServer(pwaDir ? { PWA_DIR: pwaDir } : {});
    const account = await signUpHost(server, 'Hanna Host');
    const meeting = await createMeeting(server, account, `A/B: ${name}`);
    const host = await openParticipant(browser, meeting.hostUrl, (c) => signInContext(c, server, account));
    await joinAs(host.page, 'Hanna Host');
    setups.push({ name, url: meeting.guestUrl, stop: async () => void (await server.stop()) });
  }
  const results = new Map<string, Record<'join' | 'reload' | 'button' | 'click' | 'longest', number[]>>();
  for (let trial = 0; trial <= trials; trial++) {
    for (const setup of trial % 2 ? [...setups].reverse() : setups) {
      const r = await ourTrial(browser, setup.url, latency);
      if (trial === 0) continue;
      const row = results.get(setup.name) ?? { join: [], reload: [], button: [], click: [], longest: [] };
      row.join.push(r.join);
      row.reload.push(r.reload);
      row.button.push(r.button);
      row.click.push(r.click);
      row.longest.push(r.longest);
      results.set(setup.name, row);
    }
  }
  for (const [name, row] of results)
    console.log(
      `${name}: join ${median(row.join).toFixed(0)} ms (Join enabled at ${median(row.button).toFixed(0)} ms, the click lands at ${median(row.click).toFixed(0)} ms), reload ${median(row.reload).toFixed(0)} ms; longest task click → frame ${median(row.longest).toFixed(0)} ms median, ${Math.max(...row.longest).toFixed(0)} ms worst, ${row.longest.filter((ms) => ms >= 50).length} of ${row.longest.length} trials with one of 50 ms or more`,
    );
  console.log(`${trials} trials each, ${latency} ms added latency; load ${loadAverage()}`);
} finally {
  await browser.close();
  for (const setup of setups) await setup.stop();
}
process.exit(0);
