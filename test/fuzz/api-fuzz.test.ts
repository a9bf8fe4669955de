import { afterAll, describe, expect, it } from 'vitest';
import { createTestWorld } from '../server/test-world.ts';
import { API_ROUTES } from './api-routes.ts';
import { assertCases } from './assert-cases.ts';
import { checkRequest, createWorldPool } from './check-request.ts';
import { fuzzCase } from './fuzz-case.ts';

/** The fast subset of the fuzzing; `npm run bench` (BENCH=fuzz) runs 10,000+ of the same cases. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

const shape = (method: string, path: string) => `${method} ${path.replace(/:\w+/g, ':')}`;

describe('API fuzzing', () => {
  const pool = createWorldPool({ vary: true });
  afterAll(() => pool.discard());

  it('knows every route the app serves', async () => {
    const world = await createTestWorld();
    const served = world.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => shape(r.method, r.path));
    await world.dispose();
    const fuzzed = new Set(API_ROUTES.map((r) => shape(r.method, r.path)));
    expect(
      served.filter((r) => !fuzzed.has(r)),
      'add these to server/fuzz/api-routes.ts',
    ).toEqual([]);
  });

  it(`keeps its promises for ${RUNS} generated requests: no 5xx, errors as { error: { code, message } }, refused requests change nothing`, async () => {
    await assertCases(fuzzCase, (c) => checkRequest(pool, c), RUNS);
  }, 60_000);
});
