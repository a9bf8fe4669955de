import { launchBrowser } from '../e2e/harness/browser.ts';
import { startServer } from '../e2e/harness/server.ts';
import { stopJoinTrace, type TraceEvent } from './chromium-trace.ts';
import { installCallSteps } from './probes.ts';
import { hostedMeeting, zeroThinkGuest } from './zero-think-guest.ts';

const server = await startServer();
const browser = await launchBrowser();
const N = Number(process.argv[2] ?? 4);
const from = process.argv[3] ?? 'join:click';
const to = process.argv[4] ?? 'ws room ← welcome';
const totals = new Map<string, number>();
try {
  const { meeting } = await hostedMeeting(server, browser, 'Trace');
  for (let trial = 0; trial <= N; trial++) {
    const p = await zeroThinkGuest(browser, meeting.guestUrl, async (page) => {
      await installCallSteps(page);
      if (trial > 0)
        await page.tracing.start({ categories: ['toplevel', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing', 'v8.execute'] });
    });
    await p.pressed();
    if (trial === 0) {
      await p.page.waitForFunction(() => performance.getEntriesByName('call:first-remote-frame').length > 0, { polling: 20 });
      await p.leave();
      continue;
    }
    const { events, marks, zero, main } = await stopJoinTrace(p.page);
    const at = (name: string) => marks.find(([n]) => n === name)?.[1];
    const a = at(from), b = at(to);
    if (a === undefined || b === undefined) { console.log('missing marks', a, b); await p.leave(); continue; }
    // Profile + ProfileChunk events of the main thread's pid
    const profile = events.find((e) => e.name === 'Profile' && e.pid === main.pid) as TraceEvent & { id?: string };
    const chunks = events.filter((e) => e.name === 'ProfileChunk' && e.pid === main.pid && (e as any).id === (profile as any)?.id);
    const nodes = new Map<number, { name: string; url: string; line: number; parent?: number }>();
    let t = (profile?.args?.data as any)?.startTime ?? 0;
    const self = new Map<string, number>();
    let last: [number, number] | null = null;
    const fmt = (id: number) => { const n = nodes.get(id)!; return `${n.name || '(anon)'} ${n.url.replace(server.url, '').replace(/^.*\/assets\//, '')}:${n.line}`; };
    for (const c of chunks) {
      const cp = (c.args?.data as any)?.cpuProfile ?? {};
      for (const n of cp.nodes ?? []) nodes.set(n.id, { name: n.callFrame.functionName, url: n.callFrame.url ?? '', line: n.callFrame.lineNumber, parent: n.parent });
      const samples: number[] = cp.samples ?? [];
      const deltas: number[] = (c.args?.data as any)?.timeDeltas ?? [];
      for (let i = 0; i < samples.length; i++) {
        t += deltas[i] ?? 0;
        const ms = (t - zero) / 1000;
        if (last) { const [lt, ln] = last; if (lt >= a && lt < b) { const k = fmt(ln); self.set(k, (self.get(k) ?? 0) + (ms - lt)); } }
        last = [ms, samples[i]!];
      }
    }
    const rows = [...self].sort((x, y) => y[1] - x[1]).slice(0, 25);
    console.log(`--- trial ${trial}: ${from} ${a.toFixed(0)} → ${to} ${b.toFixed(0)}`);
    for (const [k, v] of rows) { console.log(v.toFixed(1).padStart(6), k); totals.set(k, (totals.get(k) ?? 0) + v); }
    await p.leave();
  }
  console.log('--- totals');
  for (const [k, v] of [...totals].sort((x, y) => y[1] - x[1]).slice(0, 40)) console.log((v / N).toFixed(1).padStart(6), k);
} finally {
  await browser.close();
  await server.stop();
  process.exit(0);
}
