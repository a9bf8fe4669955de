import { describe, expect, it, vi } from 'vitest';
import { createMemoryStorage } from './lowdb/lowdb-storage.ts';
import { startSweeps } from './sweeps.ts';

const session = (n: number, expiresAt: string) => ({ tokenHash: `h${n}`, userId: 'u', createdAt: '2026-11-01T00:00:00.000Z', expiresAt });

describe('the sweeps', () => {
  it('delete expired sessions and over rate windows at start and then on a timer, until stopped', async () => {
    let now = new Date('2026-11-25T10:00:00.000Z');
    const storage = createMemoryStorage({
      sessions: [session(1, '2026-11-25T09:00:00.000Z'), session(2, '2026-11-25T11:00:00.000Z'), session(3, '2026-11-25T12:00:00.000Z')],
    });
    await storage.rateCounters.hit('chat', 'k', 1000, now.getTime());
    const stop = startSweeps(storage, () => now, 20);
    await vi.waitFor(async () => expect((await storage.dump()).sessions.map((s) => s.tokenHash)).toEqual(['h2', 'h3']));
    now = new Date('2026-11-25T11:30:00.000Z');
    await vi.waitFor(async () => expect((await storage.dump()).sessions.map((s) => s.tokenHash)).toEqual(['h3']));
    expect(await storage.rateCounters.peek('chat', 'k', 1000, now.getTime())).toBeNull();
    await stop();
    now = new Date('2026-11-26T00:00:00.000Z');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await storage.dump()).sessions.map((s) => s.tokenHash)).toEqual(['h3']);
  });
});
