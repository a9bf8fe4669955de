import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ErrorCode } from '../../shared/api/errors.ts';
import { ApiError } from '../lib/api-error.ts';
import { createRateLimiter } from '../lib/rate-limit.ts';
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
 * The counters behind every limit in limits.ts, in this process (bounded: windows are swept).
 * `take` counts and refuses when over; `peek` and `hit` are for limits that count only
 * failures (wrong passwords, wrong PINs).
 */
export function createLimitBook({ now = Date.now } = {}) {
  const limiters = new Map(Object.entries(LIMITS).map(([name, limit]) => [name as LimitName, createRateLimiter({ ...limit, now })]));
  const limiter = (name: LimitName) => limiters.get(name)!;
  const refusal = (name: LimitName, wait: number) => new RateLimitError(`too many ${LIMITS[name].what}; try again in ${wait} s`, wait);

  /** Counts one; throws a 429 when the key is over its limit. */
  const take = (name: LimitName, key: string): void => {
    const wait = limiter(name).hit(key);
    if (wait > 0) throw refusal(name, wait);
  };

  return {
    take,
    /** Throws a 429, without counting, when the key has used up its limit. */
    check(name: LimitName, key: string): void {
      const wait = limiter(name).peek(key);
      if (wait > 0) throw refusal(name, wait);
    },
    /** Seconds to wait (0 when not over), without counting. */
    peek: (name: LimitName, key: string) => limiter(name).peek(key),
    /** Counts one; returns seconds to wait when now over, else 0. */
    hit: (name: LimitName, key: string) => limiter(name).hit(key),
    /** Middleware: `take` with a key from the request (null: not counted). */
    middleware: (name: LimitName, key: (c: Context) => string | null) =>
      createMiddleware(async (c, next) => {
        const k = key(c);
        if (k !== null) take(name, k);
        await next();
      }),
    /** Keys counted now, over all limits (memory is bounded by the windows). */
    size: () => [...limiters.values()].reduce((n, l) => n + l.size(), 0),
  };
}

export type LimitBook = ReturnType<typeof createLimitBook>;
