import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ErrorCode } from '../../shared/api/errors.ts';
import { ApiError } from '../lib/api-error.ts';
import type { RateCounterRepository, RateWindow } from '../storage/repositories.ts';
import { LIMITS, type LimitName } from './limits.ts';

/** A 429 that says what was limited and when to come back (the error handler adds Retry-After). */
export class RateLimitError extends ApiError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(ErrorCode.RateLimited, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Every limit in limits.ts, counted in fixed windows by the storage's rate counters (in this
 * process's memory with lowdb; in PostgreSQL, shared by every server process, with it).
 * `take` counts and refuses when over; `peek` and `hit` are for limits that count only
 * failures (wrong passwords, wrong PINs).
 */
export function createLimitBook({ counters, now = Date.now }: { counters: RateCounterRepository; now?: () => number }) {
  /** Seconds until the window ends when it holds more than `allowed` hits, else 0. */
  const waitOf = (name: LimitName, w: RateWindow | null, t: number, allowed: number) =>
    w && w.count > allowed ? Math.max(1, Math.ceil((w.start + LIMITS[name].windowMs - t) / 1000)) : 0;
  const refusal = (name: LimitName, wait: number) => new RateLimitError(`too many ${LIMITS[name].what}; try again in ${wait} s`, wait);

  /** Counts one; returns seconds to wait when now over, else 0. */
  const hit = async (name: LimitName, key: string) => {
    const t = now();
    return waitOf(name, await counters.hit(name, key, LIMITS[name].windowMs, t), t, LIMITS[name].max);
  };
  /** Seconds to wait (0 when not over), without counting. */
  const peek = async (name: LimitName, key: string) => {
    const t = now();
    return waitOf(name, await counters.peek(name, key, LIMITS[name].windowMs, t), t, LIMITS[name].max - 1);
  };
  /** Counts one; throws a 429 when the key is over its limit. */
  const take = async (name: LimitName, key: string): Promise<void> => {
    const wait = await hit(name, key);
    if (wait > 0) throw refusal(name, wait);
  };

  return {
    take,
    /** Throws a 429, without counting, when the key has used up its limit. */
    async check(name: LimitName, key: string): Promise<void> {
      const wait = await peek(name, key);
      if (wait > 0) throw refusal(name, wait);
    },
    peek,
    hit,
    /** Middleware: `take` with a key from the request (null: not counted). */
    middleware: (name: LimitName, key: (c: Context) => string | null) =>
      createMiddleware(async (c, next) => {
        const k = key(c);
        if (k !== null) await take(name, k);
        await next();
      }),
  };
}

export type LimitBook = ReturnType<typeof createLimitBook>;
