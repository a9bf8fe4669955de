import fc from 'fast-check';
import { checkRequest, createWorldPool } from './check-request.ts';
import { fuzzCase } from './fuzz-case.ts';
import { checkSocketCase, socketCase } from './socket-cases.ts';
import { createSocketRig } from './socket-rig.ts';

export interface CampaignResult {
  cases: number;
  failures: string[];
  /** Status → how many answers had it (API cases only). */
  statuses: Map<number, number>;
  ms: number;
}

/**
 * Runs `cases` generated cases to the end (a failure is counted and the run goes on), for the
 * benchmark. Tests use `fc.assert` on the same generators and checks instead, which shrinks.
 */
async function campaign<C>(
  arbitrary: fc.Arbitrary<C>,
  { cases, seed, batch = 500 }: { cases: number; seed: number; batch?: number },
  check: (c: C) => Promise<{ status?: number; failure: string | null }>,
  progress?: (done: number) => void,
): Promise<CampaignResult> {
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  let done = 0;
  for (let round = 0; done < cases; round++) {
    for (const c of fc.sample(arbitrary, { numRuns: Math.min(batch, cases - done), seed: seed + round })) {
      let outcome: { status?: number; failure: string | null };
      try {
        outcome = await check(c);
      } catch (error) {
        outcome = { failure: `the check itself threw: ${(error as Error).stack?.split('\n').slice(0, 3).join(' ')}` };
      }
      if (outcome.status !== undefined) statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      if (outcome.failure) failures.push(outcome.failure);
      done++;
      if (done % 1000 === 0) progress?.(done);
    }
  }
  return { cases: done, failures, statuses, ms: performance.now() - started };
}

/** Generated requests to every API route and webhook (see check-request.ts). */
export async function runApiFuzz(options: { cases: number; seed: number }, progress?: (done: number) => void): Promise<CampaignResult> {
  const pool = createWorldPool({ vary: true });
  try {
    return await campaign(
      fuzzCase,
      options,
      async (c) => {
        try {
          return await checkRequest(pool, c);
        } catch (error) {
          await pool.discard();
          throw error;
        }
      },
      progress,
    );
  } finally {
    await pool.discard();
  }
}

/** Generated upgrades, plain requests and frames against the listening server (see socket-cases.ts). */
export async function runSocketFuzz(options: { cases: number; seed: number }, progress?: (done: number) => void): Promise<CampaignResult> {
  const rig = await createSocketRig();
  try {
    return await campaign(socketCase, options, (c) => checkSocketCase(rig, c), progress);
  } finally {
    await rig.close();
  }
}
