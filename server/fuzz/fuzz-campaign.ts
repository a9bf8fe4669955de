import fc from 'fast-check';
import { checkRequest, createWorldPool } from './check-request';
import { fuzzCase } from './fuzz-case';

export interface CampaignResult {
  cases: number;
  failures: string[];
  /** Status → how many answers had it. */
  statuses: Map<number, number>;
  worldsBuilt: number;
  ms: number;
}

/**
 * Runs `cases` generated requests (all of them: a failure is counted and the run goes on),
 * for the benchmark. Tests use `fc.assert` on the same property instead, which shrinks.
 */
export async function runFuzzCampaign({ cases, seed, batch = 500 }: { cases: number; seed: number; batch?: number }): Promise<CampaignResult> {
  const pool = createWorldPool({ vary: true });
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  let done = 0;
  for (let round = 0; done < cases; round++) {
    const batchCases = fc.sample(fuzzCase, { numRuns: Math.min(batch, cases - done), seed: seed + round });
    for (const c of batchCases) {
      let outcome;
      try {
        outcome = await checkRequest(pool, c);
      } catch (error) {
        outcome = { status: 0, failure: `the check itself threw: ${(error as Error).stack?.split('\n').slice(0, 3).join(' ')}` };
        await pool.discard();
      }
      statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      if (outcome.failure) failures.push(outcome.failure);
      done++;
    }
  }
  await pool.discard();
  return { cases: done, failures, statuses, worldsBuilt: pool.worldsBuilt, ms: performance.now() - started };
}
