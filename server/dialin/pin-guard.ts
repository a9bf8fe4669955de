import { createRateLimiter } from '../lib/rate-limit';

/**
 * Limits on guessing meeting PINs, counted in wrong PINs (a right one costs nothing):
 * per calling number, and across all calls together — a guesser with many numbers or
 * CallSids still spends the one global budget, after which every caller hears "try again
 * later" until the window passes. The figures and what they mean for a guesser are in the
 * operator guide (docs/operator-guide.md, "Dial-in PINs").
 */
export const PIN_LIMITS = {
  perNumber: { max: 10, windowMs: 60 * 60_000 },
  globalPerMinute: { max: 20, windowMs: 60_000 },
  globalPerHour: { max: 300, windowMs: 60 * 60_000 },
} as const;

export type PinRefusal = 'number' | 'everyone';

export function createPinGuard({ now = Date.now, log = (line: string) => console.warn(line) } = {}) {
  const perNumber = createRateLimiter({ ...PIN_LIMITS.perNumber, now });
  const perMinute = createRateLimiter({ ...PIN_LIMITS.globalPerMinute, now });
  const perHour = createRateLimiter({ ...PIN_LIMITS.globalPerHour, now });
  const numberKey = (caller: string | undefined) => caller?.replace(/[^+\d]/g, '') || 'withheld';
  let warnedUntil = 0;

  return {
    /** Before a PIN is looked at: may this caller try one? */
    refused(caller: string | undefined): PinRefusal | null {
      if (perMinute.peek('all') > 0 || perHour.peek('all') > 0) return 'everyone';
      return perNumber.peek(numberKey(caller)) > 0 ? 'number' : null;
    },
    /** A wrong PIN was typed. */
    failed(caller: string | undefined, callSid: string): void {
      const number = numberKey(caller);
      perNumber.hit(number);
      const minute = perMinute.hit('all');
      const hour = perHour.hit('all');
      const masked = number.length > 4 ? `…${number.slice(-4)}` : number;
      log(`[dial-in] wrong PIN from ${masked} (call ${callSid})`);
      if ((minute > 0 || hour > 0) && now() >= warnedUntil) {
        warnedUntil = now() + 60_000;
        log('[dial-in] too many wrong PINs across all calls: every caller is asked to try again later');
      }
    },
  };
}

export type PinGuard = ReturnType<typeof createPinGuard>;
