import { describe, expect, it } from 'vitest';
import type { AuditStamp } from '../../../server/storage/repositories.ts';
import { at, type ContractContext, user } from './fixtures.ts';

const stamp = (actor = 'olga@example.com', ids = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']): AuditStamp => ({
  at: at(5),
  actor,
  newId: () => ids.shift()!,
});

export function usersContract(ctx: ContractContext) {
  describe('users', () => {
    it('keeps the origins that may embed an account’s meetings, and clears them', async () => {
      const storage = await ctx.open();
      await storage.users.create(user('ada'));
      await storage.users.create(user('eve', { embedOrigins: ['https://eve.example'] }));
      const set = await storage.users.setEmbedOrigins('user-ada', ['https://crm.example.com', 'http://localhost:8080']);
      expect(set).toEqual(user('ada', { embedOrigins: ['https://crm.example.com', 'http://localhost:8080'] }));
      expect((await storage.users.byId('user-ada'))?.embedOrigins).toEqual(['https://crm.example.com', 'http://localhost:8080']);
      expect((await storage.users.byEmail('usereve@example.com'))?.embedOrigins).toEqual(['https://eve.example']);
      expect(await storage.users.setEmbedOrigins('user-ada', [])).toEqual(user('ada'));
      expect(await storage.users.byId('user-ada')).toEqual(user('ada'));
      expect(await storage.users.setEmbedOrigins('user-none', ['https://x.example'])).toBeNull();
    });

    it('keeps an account and finds it by id and by email; null for an unknown one', async () => {
      const storage = await ctx.open();
      const ada = user('ada', { features: { backgroundBlur: true, recording: false } });
      expect(await storage.users.create(ada)).toBe('created');
      expect(await storage.users.byId(ada.id)).toEqual(ada);
      expect(await storage.users.byEmail(ada.email)).toEqual(ada);
      expect(await storage.users.byId('nobody')).toBeNull();
      expect(await storage.users.byEmail('nobody@example.com')).toBeNull();
    });

    it('refuses a second account with a taken email, writing nothing, even when both ask at once', async () => {
      const storage = await ctx.open();
      await storage.users.create(user(1));
      const before = await storage.dump();
      expect(await storage.users.create(user(2, { email: 'user1@example.com' }))).toBe('email-taken');
      expect(await storage.dump()).toEqual(before);
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => storage.users.create(user(`racer${i}`, { email: 'same@example.com' }))),
      );
      expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
      expect((await storage.dump()).users.filter((u) => u.email === 'same@example.com')).toHaveLength(1);
    });

    it('hands out copies: changing a returned record changes nothing stored', async () => {
      const storage = await ctx.open();
      await storage.users.create(user(1));
      const found = (await storage.users.byId('user-1'))!;
      found.features.recording = true;
      found.name = 'changed';
      expect(await storage.users.byId('user-1')).toEqual(user(1));
    });

    it('lists accounts in email order, in pages, searching email or name ignoring case', async () => {
      const storage = await ctx.open();
      for (const [n, name] of [
        ['zoe', 'Zoe Zed'],
        ['ada', 'Ada Lovelace'],
        ['olga', 'Olga Operator'],
        ['bob', 'Robert ADA'],
      ])
        await storage.users.create(user(n!, { name }));
      const emails = async (query: { search?: string; offset?: number; limit?: number }) => {
        const page = await storage.users.list({ search: '', offset: 0, limit: 10, ...query });
        return { emails: page.users.map((u) => u.email), total: page.total };
      };
      expect(await emails({})).toEqual({
        emails: ['userada@example.com', 'userbob@example.com', 'userolga@example.com', 'userzoe@example.com'],
        total: 4,
      });
      expect(await emails({ offset: 1, limit: 2 })).toEqual({ emails: ['userbob@example.com', 'userolga@example.com'], total: 4 });
      expect(await emails({ offset: 10 })).toEqual({ emails: [], total: 4 });
      expect(await emails({ search: 'ada' })).toEqual({ emails: ['userada@example.com', 'userbob@example.com'], total: 2 });
      expect(await emails({ search: 'olga@' })).toEqual({ emails: ['userolga@example.com'], total: 1 });
      expect(await emails({ search: '%' })).toEqual({ emails: [], total: 0 });
    });

    it('switches features by id or email, with one audit line per real change, in the same write', async () => {
      const storage = await ctx.open();
      await storage.users.create(user('ada'));
      const first = await storage.users.setFeatures({ id: 'user-ada' }, { recording: true, backgroundBlur: false }, stamp());
      expect(first).toEqual({
        user: user('ada', { features: { recording: true, backgroundBlur: false } }),
        audit: [
          {
            id: 'a1',
            at: at(5),
            actor: 'olga@example.com',
            accountId: 'user-ada',
            accountEmail: 'userada@example.com',
            change: { feature: 'recording', from: false, to: true },
          },
        ],
      });
      const second = await storage.users.setFeatures({ email: 'userada@example.com' }, { recording: true }, stamp('cli:root', ['b1']));
      expect(second?.audit).toEqual([]);
      expect(await storage.users.setFeatures({ id: 'nobody' }, { recording: true }, stamp())).toBeNull();
      expect(await storage.users.setFeatures({ email: 'nobody@example.com' }, { recording: true }, stamp())).toBeNull();
      expect((await storage.users.byId('user-ada'))!.features).toEqual({ recording: true, backgroundBlur: false });
      expect((await storage.dump()).audit.map((a) => a.id)).toEqual(['a1']);
    });

    it('reads the audit log newest first, in pages', async () => {
      const storage = await ctx.open();
      await storage.users.create(user('zoe'));
      for (const [i, on] of [true, false, true].entries()) {
        await storage.users.setFeatures({ id: 'user-zoe' }, { recording: on }, { at: at(i), actor: 'ops', newId: () => `line${i}` });
      }
      const log = await storage.users.auditLog({ offset: 0, limit: 10 });
      expect(log.total).toBe(3);
      expect(log.entries.map((e) => [e.id, e.change.to])).toEqual([
        ['line2', true],
        ['line1', false],
        ['line0', true],
      ]);
      expect((await storage.users.auditLog({ offset: 1, limit: 1 })).entries.map((e) => e.id)).toEqual(['line1']);
      expect(await storage.users.auditLog({ offset: 5, limit: 10 })).toEqual({ entries: [], total: 3 });
    });

    describe.each(ctx.breakWrites?.audit ? [ctx.breakWrites.audit] : [])('when the audit log cannot be written', (breakAudit) => {
      it('changes no switch either (all or nothing), and works again once it can', async () => {
        const storage = await ctx.open();
        await storage.users.create(user('ada'));
        const before = await storage.dump();
        const repair = await breakAudit(storage);
        await expect(storage.users.setFeatures({ id: 'user-ada' }, { recording: true }, stamp())).rejects.toThrow(/broken on purpose/);
        await repair();
        expect(await storage.dump()).toEqual(before);
        expect((await storage.users.setFeatures({ id: 'user-ada' }, { recording: true }, stamp()))?.audit).toHaveLength(1);
      });
    });
  });
}
