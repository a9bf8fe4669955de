import { startCoturn } from '../e2e/harness/coturn.ts';
import { benchJoinTime } from './join-time.ts';
import type { BenchRow } from './table.ts';

/** The join-time bench again, with every call forced through Debian's coturn on loopback (ICE_TRANSPORT_POLICY=relay). */
export async function benchRelayJoinTime(runs = 10): Promise<BenchRow[]> {
  const coturn = await startCoturn({ secret: 'bench-turn-secret' });
  try {
    return await benchJoinTime(runs, { env: coturn.serverEnv(), label: 'relay-only through coturn' });
  } finally {
    await coturn.stop();
  }
}
