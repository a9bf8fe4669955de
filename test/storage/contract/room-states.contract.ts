import { describe, expect, it } from 'vitest';
import { meeting } from './fixtures.ts';
import type { ContractContext } from './fixtures.ts';

export function roomStatesContract(ctx: ContractContext) {
  describe('room states (lock and admissions)', () => {
    it('lock and unlock a meeting, others untouched', async () => {
      const { storage, host, meeting: m } = await ctx.withMeeting();
      const other = meeting(2, host.id);
      await storage.meetings.create(other);
      const rs = storage.roomStates;
      expect(await rs.isLocked(m.id)).toBe(false);
      await rs.setLocked(m.id, true);
      await rs.setLocked(m.id, true);
      expect(await rs.isLocked(m.id)).toBe(true);
      expect(await rs.isLocked(other.id)).toBe(false);
      await rs.setLocked(m.id, false);
      expect(await rs.isLocked(m.id)).toBe(false);
    });

    it('remember admissions per meeting, forget a removed device, clear at the end', async () => {
      const { storage, host, meeting: m } = await ctx.withMeeting();
      const other = meeting(2, host.id);
      await storage.meetings.create(other);
      const rs = storage.roomStates;
      await rs.admit(m.id, 'link:a|dev-1');
      await rs.admit(m.id, 'link:a|dev-1');
      await rs.admit(m.id, 'invite:b|dev-2');
      await rs.admit(m.id, 'phone:123|tel:abc');
      await rs.admit(other.id, 'link:c|dev-1');
      expect(await rs.isAdmitted(m.id, 'link:a|dev-1')).toBe(true);
      expect(await rs.isAdmitted(m.id, 'link:a|dev-3')).toBe(false);
      await rs.forgetDevice(m.id, 'dev-1');
      expect(await rs.isAdmitted(m.id, 'link:a|dev-1')).toBe(false);
      expect(await rs.isAdmitted(other.id, 'link:c|dev-1')).toBe(true);
      expect(await rs.isAdmitted(m.id, 'invite:b|dev-2')).toBe(true);
      await rs.setLocked(m.id, true);
      await rs.clear(m.id);
      expect(await rs.isLocked(m.id)).toBe(false);
      expect(await rs.isAdmitted(m.id, 'invite:b|dev-2')).toBe(false);
      expect(await rs.isAdmitted(m.id, 'phone:123|tel:abc')).toBe(false);
      expect(await rs.isAdmitted(other.id, 'link:c|dev-1')).toBe(true);
    });

    it('last as long as the storage does', async () => {
      if (!ctx.reopen) return;
      const { storage, meeting: m } = await ctx.withMeeting();
      await storage.roomStates.setLocked(m.id, true);
      await storage.roomStates.admit(m.id, 'link:a|dev-1');
      if (ctx.name.startsWith('lowdb')) return; // one process: lowdb mode keeps them in memory (memory-room-states.ts)
      const again = await ctx.reopen(storage);
      expect(await again.roomStates.isLocked(m.id)).toBe(true);
      expect(await again.roomStates.isAdmitted(m.id, 'link:a|dev-1')).toBe(true);
    });
  });
}
