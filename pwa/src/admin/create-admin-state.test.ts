import { describe, expect, it } from 'vitest';
import type { AdminAccount, AuditEntry } from '../../../shared/api/admin.ts';
import { ApiClientError, type apiRequest } from '../api/api-client.ts';
import { createAdminState } from './create-admin-state.ts';

const account = (n: number): AdminAccount => ({
  id: `account-${n}`,
  email: `user${n}@example.org`,
  name: `User ${n}`,
  createdAt: '2026-11-01T09:00:00.000Z',
  features: { recording: false, backgroundBlur: false },
  operator: false,
});

/** A server of 5 accounts behind the same calls the page makes; PATCH fails when told to. */
function fakeServer() {
  const accounts = [1, 2, 3, 4, 5].map(account);
  const audit: AuditEntry[] = [];
  const calls: string[] = [];
  let failNext = false;
  let release: (() => void) | null = null;
  const request = (async (method: string, path: string, _schema?: unknown, options?: { body?: unknown }) => {
    calls.push(`${method} ${path}`);
    const url = new URL(path, 'http://x');
    if (method === 'GET' && url.pathname === '/api/admin/accounts') {
      const search = url.searchParams.get('search') ?? '';
      const offset = Number(url.searchParams.get('offset'));
      const limit = Number(url.searchParams.get('limit'));
      const matching = accounts.filter((a) => a.email.includes(search));
      return { accounts: matching.slice(offset, offset + limit), total: matching.length, offset, limit };
    }
    if (method === 'GET' && url.pathname === '/api/admin/audit')
      return { entries: [...audit].reverse(), total: audit.length, offset: 0, limit: 10 };
    if (method === 'PATCH') {
      await new Promise<void>((resolve) => (release ? resolve() : (release = resolve)));
      if (failNext) throw new ApiClientError(403, 'forbidden', 'only operators may do this');
      const target = accounts.find((a) => path.includes(a.id))!;
      const body = options!.body as { recording: boolean };
      audit.push({
        id: `a${audit.length}`,
        at: '2026-11-25T10:00:00.000Z',
        actor: 'olga@example.com',
        accountId: target.id,
        accountEmail: target.email,
        change: { feature: 'recording', from: target.features.recording, to: body.recording },
      });
      target.features = { ...target.features, ...body };
      return { account: structuredClone(target), audit: audit.slice(-1) };
    }
    throw new Error(`unexpected ${method} ${path}`);
  }) as typeof apiRequest;
  return {
    request,
    calls,
    failNext: () => void (failNext = true),
    /** Lets PATCHes answer at once from now on (the first one waits to be released). */
    release: () => {
      const r = release;
      release = () => undefined;
      r?.();
    },
  };
}

describe('operator page state', () => {
  it('loads a page of accounts and the recent changes, searches and turns pages', async () => {
    const server = fakeServer();
    const state = createAdminState({ request: server.request, pageSize: 2 });
    await state.load();
    expect(state.list.value?.accounts.map((a) => a.id)).toEqual(['account-1', 'account-2']);
    expect(state.audit.value).toEqual([]);
    expect([state.hasPrevious.value, state.hasNext.value]).toEqual([false, true]);
    await state.turnPage(1);
    await state.turnPage(1);
    expect(state.list.value?.accounts.map((a) => a.id)).toEqual(['account-5']);
    expect([state.hasPrevious.value, state.hasNext.value]).toEqual([true, false]);
    await state.find('  user3 ');
    expect(server.calls.at(-1)).toBe('GET /api/admin/accounts?offset=0&limit=2&search=user3');
    expect(state.list.value).toMatchObject({ total: 1, offset: 0, accounts: [{ id: 'account-3' }] });
  });

  it("switches through the server, shows the server's answer (never a guess), ignores a second press meanwhile and reloads the changes", async () => {
    const server = fakeServer();
    const state = createAdminState({ request: server.request });
    await state.load();
    const ada = state.list.value!.accounts[0]!;
    const switching = state.setFeature(ada, 'recording', true);
    expect(state.isPending(ada, 'recording')).toBe(true);
    expect(state.list.value!.accounts[0]!.features.recording).toBe(false);
    await state.setFeature(ada, 'recording', true); // pressed again while it runs: nothing sent
    server.release();
    await switching;
    expect(server.calls.filter((c) => c.startsWith('PATCH'))).toEqual(['PATCH /api/admin/accounts/account-1/features']);
    expect(state.isPending(ada, 'recording')).toBe(false);
    expect(state.list.value!.accounts[0]!.features.recording).toBe(true);
    expect(state.status.value).toBe('Recording (add-on) turned on for User 1.');
    expect(state.audit.value?.map((e) => e.change.to)).toEqual([true]);
  });

  it('says what failed and keeps the switch as the server has it', async () => {
    const server = fakeServer();
    const state = createAdminState({ request: server.request });
    await state.load();
    server.failNext();
    server.release();
    await state.setFeature(state.list.value!.accounts[1]!, 'recording', true);
    expect(state.error.value).toBe('Recording (add-on) could not be switched for User 2: only operators may do this');
    expect(state.list.value!.accounts[1]!.features.recording).toBe(false);
    expect(state.pending.value.size).toBe(0);
  });
});
