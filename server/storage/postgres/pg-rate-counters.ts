import type { Sql } from 'postgres';
import type { RateCounterRepository } from '../repositories.ts';
import { int } from './pg-rows.ts';

export function pgRateCounters(sql: Sql): RateCounterRepository {
  return {
    async hit(name, key, windowMs, now) {
      // One statement: a new window when there is none or the last is over, else one more in it.
      const [row] = await sql<{ count: number; window_start: string }[]>`
        INSERT INTO rate_counters AS c (name, key, window_start, window_end, count)
        VALUES (${name}, ${key}, ${now}, ${now + windowMs}, 1)
        ON CONFLICT (name, key) DO UPDATE SET
          window_start = CASE WHEN c.window_end <= EXCLUDED.window_start THEN EXCLUDED.window_start ELSE c.window_start END,
          window_end = CASE WHEN c.window_end <= EXCLUDED.window_start THEN EXCLUDED.window_end ELSE c.window_end END,
          count = CASE WHEN c.window_end <= EXCLUDED.window_start THEN 1 ELSE c.count + 1 END
        RETURNING count, window_start`;
      return { count: row!.count, start: int(row!.window_start) };
    },
    async peek(name, key, _windowMs, now) {
      const [row] = await sql<{ count: number; window_start: string }[]>`
        SELECT count, window_start FROM rate_counters WHERE name = ${name} AND key = ${key} AND window_end > ${now}`;
      return row ? { count: row.count, start: int(row.window_start) } : null;
    },
    sweep: async (now) => (await sql`DELETE FROM rate_counters WHERE window_end <= ${now}`).count,
  };
}
