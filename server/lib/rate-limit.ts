import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ErrorCode } from '../../shared/api/errors';
import { ApiError } from './api-error';

export interface RateLimitOptions {
  /** Requests allowed per window and key. */
  max: number;
  windowMs: number;
  /** What is limited: a user, an IP, an email address… Returning null skips the limit. */
  key: (c: Context) => string | null;
  what: string;
  now?: () => number;
}

/** A fixed-window counter per key, in memory (one process). */
export function createRateLimiter(options: Omit<RateLimitOptions, 'key' | 'what'>) {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  let sweepAt = now() + options.windowMs;
  const sweep = (t: number) => {
    if (t < sweepAt) return;
    for (const [k, w] of windows) if (t - w.start >= options.windowMs) windows.delete(k);
    sweepAt = t + options.windowMs;
  };
  const waitOf = (w: { start: number; count: number }, t: number, over: number) =>
    w.count > over ? Math.max(1, Math.ceil((w.start + options.windowMs - t) / 1000)) : 0;
  return {
    /** Counts a hit; returns seconds to wait when over the limit, else 0. */
    hit(key: string): number {
      const t = now();
      sweep(t);
      let w = windows.get(key);
      if (!w || t - w.start >= options.windowMs) {
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return waitOf(w, t, options.max);
    },
    /** Without counting: seconds to wait if the key has used up its budget (`max` hits), else 0. */
    peek(key: string): number {
      const t = now();
      const w = windows.get(key);
      if (!w || t - w.start >= options.windowMs) return 0;
      return waitOf(w, t, options.max - 1);
    },
    /** Keys counted in the current windows (memory is bounded by the sweep). */
    size: () => windows.size,
  };
}

/** Middleware: 429 with Retry-After when the key is over its limit. */
export function rateLimit(options: RateLimitOptions) {
  const limiter = createRateLimiter(options);
  return createMiddleware(async (c, next) => {
    const key = options.key(c);
    if (key !== null) {
      const wait = limiter.hit(key);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        throw new ApiError(ErrorCode.RateLimited, `too many ${options.what}; try again in ${wait} s`);
      }
    }
    await next();
  });
}

export { clientAddress as clientIp } from '../http/forwarded';
