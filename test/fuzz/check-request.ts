import { isDeepStrictEqual } from 'node:util';
import * as v from 'valibot';
import { ApiErrorBodySchema, errorStatus } from '../../shared/api/errors.ts';
import { createTestWorld, WORLD_SECRET, type TestWorld } from '../server/test-world.ts';
import { buildRequest, type FuzzCase } from './fuzz-case.ts';

const STACK_TRACE = /\n\s+at |node_modules|\.ts:\d+|\.js:\d+/;

/**
 * A world reused from case to case while cases leave it as it was (refused requests
 * must), and built anew after one changed it (an accepted request may).
 */
export function createWorldPool({ vary = false } = {}) {
  let world: TestWorld | null = null;
  let built = 0;
  return {
    async get(): Promise<TestWorld> {
      if (!world) {
        // Every other world, if asked: behind a trusted proxy (X-Forwarded-* count) and without PUBLIC_URL.
        world = await createTestWorld(vary && built % 2 === 1 ? { trustProxy: { hops: 1 }, publicUrl: null } : {});
        built++;
      }
      return world;
    },
    async discard() {
      await world?.dispose();
      world = null;
    },
    get worldsBuilt() {
      return built;
    },
  };
}

export type WorldPool = ReturnType<typeof createWorldPool>;

export interface CaseOutcome {
  status: number;
  /** What was wrong with the answer, or null. */
  failure: string | null;
}

/**
 * The properties every request must keep: no 5xx; a 4xx says `{ error: { code, message } }`
 * with the code that belongs to its status and no stack trace; and a refused request
 * (any status from 400) changes nothing: store, chat logs, files, rooms, calls, prototypes.
 */
export async function checkRequest(pool: WorldPool, c: FuzzCase): Promise<CaseOutcome> {
  const world = await pool.get();
  const before = await world.snapshot();
  const request = buildRequest(world, c);
  const res = await world.app.request(request);
  const text = await res.text();
  // Work a handler started but did not wait for shows up by the next turn.
  await new Promise((resolve) => setImmediate(resolve));
  const after = await world.snapshot();
  const changed = !isDeepStrictEqual(before, after);
  if (changed) await pool.discard();

  const where = `${request.method} ${new URL(request.url).pathname.slice(0, 200)} → ${res.status}`;
  const fail = (why: string): CaseOutcome => ({ status: res.status, failure: `${where}: ${why}` });
  if (res.status >= 500) return fail(`server error ${text.slice(0, 300)}`);
  if (STACK_TRACE.test(text) && res.status >= 400) return fail(`stack trace in the answer: ${text.slice(0, 300)}`);
  if (polluted()) return fail('Object.prototype was polluted');
  if (text.includes(WORLD_SECRET)) return fail('served a file from outside the PWA folder');
  if (res.status >= 400) {
    if (changed) return fail(`refused, yet the state changed: ${describeChange(before, after)}`);
    if (request.method !== 'HEAD') {
      const problem = errorShapeProblem(res, text);
      if (problem) return fail(problem);
    }
  }
  return { status: res.status, failure: null };
}

function errorShapeProblem(res: Response, text: string): string | null {
  if (!res.headers.get('content-type')?.startsWith('application/json'))
    return `error answered as ${res.headers.get('content-type')}: ${text.slice(0, 200)}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `error body is not JSON: ${text.slice(0, 200)}`;
  }
  const parsed = v.safeParse(ApiErrorBodySchema, body);
  if (!parsed.success) return `error body is not { error: { code, message } }: ${text.slice(0, 200)}`;
  if (errorStatus[parsed.output.error.code] !== res.status) return `code ${parsed.output.error.code} with status ${res.status}`;
  return null;
}

function polluted(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted !== undefined || probe.isAdmin !== undefined || Object.keys(Object.prototype).length > 0;
}

type Snapshot = Awaited<ReturnType<TestWorld['snapshot']>>;

function describeChange(before: Snapshot, after: Snapshot): string {
  const parts = (Object.keys(before) as (keyof Snapshot)[]).filter((k) => !isDeepStrictEqual(before[k], after[k]));
  return parts.map((k) => `${k}: ${JSON.stringify(before[k]).slice(0, 300)} → ${JSON.stringify(after[k]).slice(0, 300)}`).join('; ');
}
