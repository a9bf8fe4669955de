import { runApiFuzz, runSocketFuzz, type CampaignResult } from '../test/fuzz/fuzz-campaign.ts';
import type { BenchRow } from './table.ts';

const API_CASES = Number(process.env.FUZZ_API_CASES ?? 10_000);
const SOCKET_CASES = Number(process.env.FUZZ_SOCKET_CASES ?? 1_000);

/**
 * The fuzzing at full size (the tests run a few hundred of the same cases): generated bad
 * requests to every API route and Twilio webhook on the app in memory, then upgrades, plain
 * requests and frames against the listening server. Failures are listed on stderr.
 */
export async function benchFuzz(): Promise<BenchRow[]> {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
  process.stderr.write(`fuzz seed ${seed} (FUZZ_SEED=${seed} repeats this run)\n`);
  const progress = (what: string) => (done: number) => process.stderr.write(`fuzz ${what}: ${done} cases\n`);
  const api = await quietly(() => runApiFuzz({ cases: API_CASES, seed }, progress('api')));
  const sockets = await quietly(() => runSocketFuzz({ cases: SOCKET_CASES, seed }, progress('sockets')));
  report('api', api);
  report('sockets', sockets);
  const accepted = [...api.statuses].filter(([s]) => s < 400).reduce((n, [, c]) => n + c, 0);
  return [
    {
      metric: 'fuzz: API and webhook cases run',
      value: `${api.cases} in ${(api.ms / 1000).toFixed(1)} s (${accepted} accepted, ${api.cases - accepted} refused)`,
      target: '≥ 10000',
      ok: api.cases >= 10_000,
    },
    {
      metric: 'fuzz: API failures (5xx, wrong error shape, state changed when refused)',
      value: String(api.failures.length),
      target: '0',
      ok: api.failures.length === 0,
    },
    {
      metric: 'fuzz: socket cases run (upgrades, PeerServer requests, frames)',
      value: `${sockets.cases} in ${(sockets.ms / 1000).toFixed(1)} s`,
    },
    {
      metric: 'fuzz: socket failures (crash, no answer, state changed)',
      value: String(sockets.failures.length),
      target: '0',
      ok: sockets.failures.length === 0,
    },
  ];
}

/** The server's logs and warnings about what it refused (thousands of them) stay out of the table; errors still show. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const { log, warn, info } = console;
  console.log = console.warn = console.info = () => undefined;
  try {
    return await work();
  } finally {
    Object.assign(console, { log, warn, info });
  }
}

function report(what: string, result: CampaignResult) {
  const statuses = [...result.statuses]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  process.stderr.write(
    `fuzz ${what}: ${result.cases} cases, ${result.failures.length} failures${statuses ? `; statuses ${statuses}` : ''}\n`,
  );
  for (const failure of result.failures.slice(0, 20)) process.stderr.write(`  FAIL ${failure.slice(0, 400)}\n`);
}
