import type { LimitBook } from '../limits/limit-book.ts';
import { logFor } from '../lib/log.ts';

const logger = logFor('dial-in');

/**
 * Limits on guessing meeting PINs, counted in wrong PINs (a right one costs nothing): per
 * calling number, and across all calls together (limits.ts: `wrongPins…`) — a guesser with
 * many numbers or CallSids still spends the one server-wide budget, after which every caller
 * hears "try again later" until the window passes. What this means for a guesser is worked out
 * in docs/security.md ("Dial-in PINs").
 */
export type PinRefusal = 'number' | 'everyone';

export function createPinGuard(limits: LimitBook, { now = Date.now, log = (line: string) => logger.warn(line) } = {}) {
  const numberKey = (caller: string | undefined) => caller?.replace(/[^+\d]/g, '') || 'withheld';
  let warnedUntil = 0;

  return {
    /** Before a PIN is looked at: may this caller try one? */
    async refused(caller: string | undefined): Promise<PinRefusal | null> {
      if ((await limits.peek('wrongPinsPerMinute', 'all')) > 0 || (await limits.peek('wrongPinsPerHour', 'all')) > 0) return 'everyone';
      return (await limits.peek('wrongPinsPerNumber', numberKey(caller))) > 0 ? 'number' : null;
    },
    /** A wrong PIN was typed. */
    async failed(caller: string | undefined, callSid: string): Promise<void> {
      const number = numberKey(caller);
      await limits.hit('wrongPinsPerNumber', number);
      const minute = await limits.hit('wrongPinsPerMinute', 'all');
      const hour = await limits.hit('wrongPinsPerHour', 'all');
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
