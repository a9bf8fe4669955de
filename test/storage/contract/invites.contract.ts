import { describe, expect, it } from 'vitest';
import { type ContractContext, invite, meeting } from './fixtures.ts';

export function invitesContract(ctx: ContractContext) {
  describe('invitations', () => {
    it("keeps a meeting's invitations in the order they were made, each found only within its meeting", async () => {
      const { storage, meeting: m } = await ctx.withMeeting();
      await storage.meetings.create(meeting(2, 'user-host'));
      const mine = [invite('b', m.id, { timeZone: 'Europe/Oslo', language: 'nl' }), invite('a', m.id, { state: 'failed', error: 'no' })];
      for (const i of mine) await storage.invites.create(i);
      await storage.invites.create(invite('other', 'meeting-2'));
      expect(await storage.invites.listForMeeting(m.id)).toEqual(mine);
      expect(await storage.invites.byId(m.id, 'invite-a')).toEqual(mine[1]);
      expect(await storage.invites.byId(m.id, 'invite-other')).toBeNull();
      expect(await storage.invites.listForMeeting('nope')).toEqual([]);
    });

    it('records how sending went, but a joined or revoked invitation keeps its state', async () => {
      const { storage, meeting: m } = await ctx.withMeeting();
      for (const [n, state] of [
        ['sent', 'sent'],
        ['joined', 'joined'],
        ['revoked', 'revoked'],
      ] as const)
        await storage.invites.create(invite(n, m.id, { state }));
      expect(await storage.invites.recordDelivery('invite-sent', { state: 'failed', error: 'SMTP said no' })).toEqual(
        invite('sent', m.id, { state: 'failed', error: 'SMTP said no' }),
      );
      expect(await storage.invites.recordDelivery('invite-sent', { state: 'sent', error: null })).toEqual(invite('sent', m.id));
      expect((await storage.invites.recordDelivery('invite-joined', { state: 'failed', error: 'x' }))?.state).toBe('joined');
      expect(await storage.invites.recordDelivery('invite-revoked', { state: 'sent', error: null })).toEqual(
        invite('revoked', m.id, { state: 'revoked' }),
      );
      expect(await storage.invites.recordDelivery('nope', { state: 'sent', error: null })).toBeNull();
    });

    it('marks an invitation joined unless revoked, and revokes only within its meeting', async () => {
      const { storage, meeting: m } = await ctx.withMeeting();
      await storage.invites.create(invite(1, m.id));
      await storage.invites.create(invite(2, m.id));
      await storage.invites.markJoined('invite-1');
      expect((await storage.invites.byId(m.id, 'invite-1'))!.state).toBe('joined');
      expect(await storage.invites.revoke('meeting-other', 'invite-2')).toBe(false);
      expect(await storage.invites.revoke(m.id, 'invite-2')).toBe(true);
      expect(await storage.invites.revoke(m.id, 'nope')).toBe(false);
      await storage.invites.markJoined('invite-2');
      expect((await storage.invites.byId(m.id, 'invite-2'))!.state).toBe('revoked');
      await storage.invites.markJoined('nope');
    });

    it('keeps a one-time join link with the first browser that binds it, and round-trips its fields', async () => {
      const { storage, meeting: m } = await ctx.withMeeting();
      const link = invite('link', m.id, { kind: 'link', guestEmail: '', boundDevice: null, expiresAt: '2030-01-02T03:04:05.000Z' });
      await storage.invites.create(link);
      expect(await storage.invites.byId(m.id, 'invite-link')).toEqual(link);
      const [first, second] = await Promise.all([
        storage.invites.bindDevice('invite-link', 'device-a'),
        storage.invites.bindDevice('invite-link', 'device-b'),
      ]);
      expect([first, second]).toEqual([true, false]);
      expect(await storage.invites.bindDevice('invite-link', 'device-a')).toBe(true);
      expect(await storage.invites.bindDevice('invite-link', 'device-b')).toBe(false);
      expect(await storage.invites.byId(m.id, 'invite-link')).toEqual({ ...link, boundDevice: 'device-a' });
      expect(await storage.invites.bindDevice('nope', 'device-a')).toBe(false);
    });
  });
}
