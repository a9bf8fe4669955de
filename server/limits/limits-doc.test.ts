import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS, WAITING_ROOM_CAPACITY } from './limits.ts';

const doc = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');

const window = (ms: number) =>
  ms % 3_600_000 === 0
    ? ms === 3_600_000
      ? 'hour'
      : `${ms / 3_600_000} hours`
    : ms % 60_000 === 0
      ? ms === 60_000
        ? 'minute'
        : `${ms / 60_000} minutes`
      : `${ms / 1000} seconds`;

/** The security page lists every limit with the number the server enforces. */
describe('docs/security.md', () => {
  it.each(Object.entries(LIMITS))('lists %s with its number', (name, limit) => {
    expect(doc).toContain(`| \`${name}\` | ${limit.what} | ${limit.per} | ${limit.max} per ${window(limit.windowMs)} |`);
  });

  it('lists no limit the server does not have, and the waiting-room cap', () => {
    const listed = [...doc.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(Object.keys(LIMITS).sort());
    expect(doc).toContain(`at most **${WAITING_ROOM_CAPACITY}** guests wait`);
  });
});
