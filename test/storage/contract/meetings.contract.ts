import { describe, expect, it } from 'vitest';
import type { RemovedGuest } from '../../../server/storage/records.ts';
import { at, type ContractContext, invite, meeting, user } from './fixtures.ts';

const removal = (name: string, extra: Partial<RemovedGuest> = {}): RemovedGuest => ({
  name,
  inviteId: null,
  deviceId: null,
  at: at(45),
  ...extra,
});

export function meetingsContract(ctx: ContractContext) {
  describe('meetings', () => {
    it('keeps a meeting as it was given, optional fields left out as they were', async () => {
      const { storage, meeting: m } = await ctx.withMeeting();
      const full = meeting('full', 'user-host', {
        dialInPin: '0123456789',
        waitingRoom: false,
        mediaMode: 'sfu',
        endedAt: at(50),
        removedGuests: [removal('Rex', { inviteId: 'i1', phone: null })],
      });
      await storage.meetings.create(full);
      expect(await storage.meetings.byId(m.id)).toStrictEqual(m);
      expect(await storage.meetings.byId(full.id)).toStrictEqual(full);
      expect(await storage.meetings.byId('nope')).toBeNull();
    });

    it("lists an owner's meetings by start, then in the order they were made, and no one else's", async () => {
      const storage = await ctx.open();
      await storage.users.create(user('a'));
      await storage.users.create(user('b'));
      await storage.meetings.create(meeting('late', 'user-a', { startsAt: at(50) }));
      await storage.meetings.create(meeting('early', 'user-a', { startsAt: at(10) }));
      await storage.meetings.create(meeting('tie1', 'user-a', { startsAt: at(30) }));
      await storage.meetings.create(meeting('other', 'user-b', { startsAt: at(20) }));
      await storage.meetings.create(meeting('tie2', 'user-a', { startsAt: at(30) }));
      expect((await storage.meetings.listForOwner('user-a')).map((m) => m.id)).toEqual([
        'meeting-early',
        'meeting-tie1',
        'meeting-tie2',
        'meeting-late',
      ]);
      expect(await storage.meetings.listForOwner('user-nobody')).toEqual([]);
    });

    it('updates only the fields given (false is a value), and answers null for an unknown meeting', async () => {
      const { storage, meeting: m } = await ctx.withMeeting();
      const updated = await storage.meetings.update(m.id, { title: 'Renamed', waitingRoom: false, startsAt: undefined });
      expect(updated).toStrictEqual({ ...m, title: 'Renamed', waitingRoom: false });
      expect(await storage.meetings.update(m.id, { mediaMode: 'mesh' })).toStrictEqual({ ...updated, mediaMode: 'mesh' });
      expect(await storage.meetings.update(m.id, { mediaMode: 'auto' })).toStrictEqual({ ...updated, mediaMode: 'auto' });
      expect(await storage.meetings.update(m.id, { startsAt: at(55), durationMinutes: 90 })).toStrictEqual({
        ...m,
        title: 'Renamed',
        waitingRoom: false,
        mediaMode: 'auto',
        startsAt: at(55),
        durationMinutes: 90,
      });
      expect(await storage.meetings.update('nope', { title: 'x' })).toBeNull();
    });

    it('gives PINs that are unique, compare-and-set, found by PIN, and dropped with the link', async () => {
      const { storage, meeting: m } = await ctx.withMeeting();
      await storage.meetings.create(meeting(2, 'user-host'));
      expect(await storage.meetings.setDialInPin(m.id, '1111111111', null)).toBe('set');
      expect(await storage.meetings.setDialInPin('meeting-2', '1111111111', null)).toBe('taken');
      expect(await storage.meetings.setDialInPin(m.id, '2222222222', null)).toBe('changed');
      expect(await storage.meetings.setDialInPin('nope', '3333333333', null)).toBe('missing');
      expect((await storage.meetings.byDialInPin('1111111111'))?.id).toBe(m.id);
      expect(await storage.meetings.byDialInPin('2222222222')).toBeNull();
      expect((await storage.meetings.byId('meeting-2'))!.dialInPin).toBeUndefined();
      const replaced = await storage.meetings.replaceLink(m.id, 'new-link');
      expect(replaced).toStrictEqual({ ...m, linkToken: 'new-link' });
      expect(await storage.meetings.byDialInPin('1111111111')).toBeNull();
      expect(await storage.meetings.replaceLink('nope', 'x')).toBeNull();
      // Free again: another meeting may have it now.
      expect(await storage.meetings.setDialInPin('meeting-2', '1111111111', null)).toBe('set');
    });

    it('lets exactly one of many meetings asking at once have a PIN', async () => {
      const storage = await ctx.open();
      await storage.users.create(user('host'));
      const ids = Array.from({ length: 20 }, (_, i) => `meeting-${i}`);
      for (const id of ids) await storage.meetings.create(meeting(id.slice(8), 'user-host'));
      const outcomes = await Promise.all(ids.map((id) => storage.meetings.setDialInPin(id, '5555555555', null)));
      expect(outcomes.filter((o) => o === 'set')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'taken')).toHaveLength(19);
    });

    it('ends a meeting and lifts the end', async () => {
      const { storage, meeting: m } = await ctx.withMeeting();
      await storage.meetings.setEnded(m.id, at(50));
      expect((await storage.meetings.byId(m.id))!.endedAt).toBe(at(50));
      await storage.meetings.setEnded(m.id, null);
      expect(await storage.meetings.byId(m.id)).toStrictEqual(m);
      await storage.meetings.setEnded('nope', at(50));
    });

    it('remembers removals in order, and forgives those matching by invitation, browser or phone (null matches nothing)', async () => {
      const { storage, meeting: m } = await ctx.withMeeting();
      await storage.meetings.forgiveRemovals(m.id, { inviteId: 'i1', deviceId: null });
      expect(await storage.meetings.byId(m.id)).toStrictEqual(m);
      const removals = [
        removal('Ivy', { inviteId: 'i1', deviceId: 'd1' }),
        removal('Dan', { deviceId: 'd2' }),
        removal('Caller', { phone: 'ph1' }),
        removal('Withheld', { phone: null }),
        removal('Nobody'),
      ];
      for (const r of removals) await storage.meetings.addRemoval(m.id, r);
      expect((await storage.meetings.byId(m.id))!.removedGuests).toStrictEqual(removals);
      await storage.meetings.forgiveRemovals(m.id, { inviteId: null, deviceId: null, phone: null });
      expect((await storage.meetings.byId(m.id))!.removedGuests).toHaveLength(5);
      await storage.meetings.forgiveRemovals(m.id, { inviteId: null, deviceId: 'd1' });
      await storage.meetings.forgiveRemovals(m.id, { inviteId: null, deviceId: null, phone: 'ph1' });
      expect((await storage.meetings.byId(m.id))!.removedGuests!.map((r) => r.name)).toEqual(['Dan', 'Withheld', 'Nobody']);
      await storage.meetings.forgiveRemovals(m.id, { inviteId: 'x', deviceId: 'd2' });
      expect((await storage.meetings.byId(m.id))!.removedGuests!.map((r) => r.name)).toEqual(['Withheld', 'Nobody']);
    });

    it('deletes a meeting with its invitations, and only those', async () => {
      const { storage, meeting: m } = await ctx.withMeeting();
      await storage.meetings.create(meeting(2, 'user-host'));
      await storage.invites.create(invite(1, m.id));
      await storage.invites.create(invite(2, 'meeting-2'));
      expect(await storage.meetings.delete(m.id)).toBe(true);
      expect(await storage.meetings.delete(m.id)).toBe(false);
      expect(await storage.meetings.byId(m.id)).toBeNull();
      const left = await storage.dump();
      expect(left.meetings.map((x) => x.id)).toEqual(['meeting-2']);
      expect(left.invites.map((i) => i.id)).toEqual(['invite-2']);
    });
  });
}
