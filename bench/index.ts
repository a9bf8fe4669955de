import path from 'node:path';
import { ROOT } from '../e2e/harness/server.ts';
import { benchBlur } from './blur.ts';
import { benchBundleSize } from './bundle-size.ts';
import { benchDialIn } from './dialin.ts';
import { benchFailover } from './failover.ts';
import { benchFuzz } from './fuzz.ts';
import { benchJoinAgainstFloor } from './join-floor.ts';
import { benchJoinTime } from './join-time.ts';
import { benchLighthouse } from './lighthouse.ts';
import { benchClusterLoad, benchLoad } from './load.ts';
import { benchRelayJoinTime } from './relay-join-time.ts';
import { benchRecording } from './recording.ts';
import { benchSfu } from './sfu.ts';
import { benchSoak } from './soak.ts';
import { benchStorage } from './storage.ts';
import { printTable, type BenchRow } from './table.ts';
import { benchWebhooks } from './webhooks.ts';

/** `npm run bench`: every benchmark, one table. `BENCH=join,bundle` picks some. */
const benches: Record<string, () => Promise<BenchRow[]>> = {
  bundle: () => benchBundleSize(path.join(ROOT, 'dist/pwa')),
  floor: () => benchJoinAgainstFloor(12),
  join: () => benchJoinTime(10),
  relay: () => benchRelayJoinTime(10),
  blur: () => benchBlur(),
  dialin: () => benchDialIn(),
  lighthouse: () => benchLighthouse(),
  recording: () => benchRecording(),
  fuzz: () => benchFuzz(),
  load: () => benchLoad(),
  storage: () => benchStorage(),
  webhooks: () => benchWebhooks(),
  failover: () => benchFailover(),
  'cluster-load': () => benchClusterLoad(),
  sfu: () => benchSfu(),
  soak: () => benchSoak(),
};

// The soak (a simulated month, minutes of real time) runs only when asked: BENCH=soak.
const selected = process.env.BENCH ? process.env.BENCH.split(',') : Object.keys(benches).filter((name) => name !== 'soak');
const rows: BenchRow[] = [];
for (const name of selected) {
  const bench = benches[name];
  if (!bench) throw new Error(`unknown bench "${name}"; known: ${Object.keys(benches).join(', ')}`);
  process.stderr.write(`running ${name}…\n`);
  try {
    rows.push(...(await bench()));
  } catch (error) {
    console.error(error);
    rows.push({ metric: `${name} (failed)`, value: (error as Error).message.split('\n')[0] ?? 'error', ok: false });
  }
}
printTable(rows);
// In-process benches (fuzz) leave timers behind that a server would stop at exit (the PeerServer's sweeps).
process.exit(0);
