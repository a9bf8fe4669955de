import { describe, expect, it } from 'vitest';
import { LIMITS } from '../limits/limits.ts';
import { createApiWorld } from '../../test/server/api-v1-world.ts';

const OPERATOR = 'ops@example.com';
const body = (title: string, startsAt = '2026-12-01T09:00:00Z') => ({ title, startsAt, durationMinutes: 45 });

async function world() {
  const t = await createApiWorld({ adminEmails: [OPERATOR] });
  const key = await t.makeKey();
  /** A request with the host's key, its answer checked against the document. */
  const api = (method: string, path: string, payload?: unknown, as = key) => t.checked(as, method, path, payload);
  return { ...t, key, api };
}

describe('/api/v1/meetings', () => {
  it('creates, gets, changes and deletes a meeting as the app does', async () => {
    const t = await world();
    const created = await t.api('POST', '/meetings', { ...body('Onboarding'), waitingRoom: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Onboarding',
      startsAt: '2026-12-01T09:00:00.000Z',
      durationMinutes: 45,
      waitingRoom: true,
    });
    const id = created.body.id as string;
    // The app's own API sees the same meeting, owned by the key's account.
    expect((await (await t.json('GET', `/api/meetings/${id}`, undefined, t.host.headers)).json()).title).toBe('Onboarding');
    expect((await t.api('GET', `/meetings/${id}`)).body.title).toBe('Onboarding');
    const changed = await t.api('PATCH', `/meetings/${id}`, { title: 'Kick-off', waitingRoom: false });
    expect(changed.body).toMatchObject({ title: 'Kick-off', waitingRoom: false, durationMinutes: 45 });
    expect((await t.api('DELETE', `/meetings/${id}`)).status).toBe(204);
    expect((await t.api('GET', `/meetings/${id}`)).status).toBe(404);
    expect((await t.storage.dump()).meetings).toEqual([]);
  });

  it('waits in the waiting room by default', async () => {
    const t = await world();
    expect((await t.api('POST', '/meetings', body('Default'))).body.waitingRoom).toBe(true);
  });

  it('lists by start time, a page at a time, filtered by start and title', async () => {
    const t = await world();
    for (const [title, day] of [
      ['Weekly sync', '03'],
      ['Customer demo', '01'],
      ['Weekly sync', '10'],
      ['Retro', '05'],
    ] as const) {
      await t.api('POST', '/meetings', body(title, `2026-12-${day}T09:00:00Z`));
    }
    const first = await t.api('GET', '/meetings?limit=3');
    expect((first.body.meetings as { title: string }[]).map((m) => m.title)).toEqual(['Customer demo', 'Weekly sync', 'Retro']);
    expect(first.body).toMatchObject({ total: 4, nextOffset: 3 });
    const second = await t.api('GET', '/meetings?limit=3&offset=3');
    expect((second.body.meetings as { startsAt: string }[]).map((m) => m.startsAt)).toEqual(['2026-12-10T09:00:00.000Z']);
    expect(second.body.nextOffset).toBeNull();
    const filtered = await t.api('GET', `/meetings?q=WEEKLY&from=${encodeURIComponent('2026-12-04T00:00:00Z')}`);
    expect(filtered.body).toMatchObject({ total: 1, nextOffset: null });
    const before = await t.api('GET', `/meetings?to=${encodeURIComponent('2026-12-03T09:00:00Z')}`);
    expect((before.body.meetings as { title: string }[]).map((m) => m.title)).toEqual(['Customer demo']);
  });

  it.each([
    ['POST', '/meetings', { title: '', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30 }, /title must not be empty/],
    ['POST', '/meetings', { title: 'x', startsAt: 'tomorrow', durationMinutes: 30 }, /startsAt must be an ISO 8601/],
    ['POST', '/meetings', { title: 'x', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 0 }, /durationMinutes must be at least 1/],
    ['POST', '/meetings', { title: 'x', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30, colour: 'red' }, /colour/],
    ['GET', '/meetings?limit=1000', undefined, /limit must be at most 100/],
    ['GET', '/meetings?limit=ten', undefined, /limit must be a whole number/],
    ['GET', '/meetings?from=yesterday', undefined, /from must be an ISO 8601/],
    ['GET', '/meetings?sort=title', undefined, /sort/],
  ])('%s %s refuses bad input with a 400 that says why', async (method, path, payload, message) => {
    const t = await world();
    const res = await t.api(method, path, payload);
    expect(res.status).toBe(400);
    expect(res.body.error!.message).toMatch(message);
    expect((await t.storage.dump()).meetings).toEqual([]);
  });

  it('refuses a body that is not JSON (400) or not sent as JSON (415)', async () => {
    const t = await world();
    const notJson = await t.call(t.key, 'POST', '/meetings', undefined, { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
    const asText = await t.app.request('/api/v1/meetings', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'text/plain' },
      body: JSON.stringify(body('x')),
    });
    expect(asText.status).toBe(415);
  });

  it("does not reach another account's meetings (404, nothing changed) nor act for another host (403)", async () => {
    const t = await world();
    const other = await t.signUp('other@example.com', 'Olaf Other');
    const theirs = await t.createMeeting(other.headers, 'Private');
    for (const [method, payload] of [['GET'], ['PATCH', { title: 'Mine now' }], ['DELETE']] as const) {
      expect((await t.api(method, `/meetings/${theirs.id}`, payload)).status).toBe(404);
    }
    expect((await t.storage.meetings.byId(theirs.id))?.title).toBe('Private');
    expect((await t.api('GET', '/meetings')).body.total).toBe(0);
    expect((await t.api('POST', '/meetings', { ...body('x'), hostEmail: 'other@example.com' })).status).toBe(403);
    expect((await t.api('GET', '/meetings?hostEmail=other%40example.com')).status).toBe(403);
    expect((await t.api('GET', '/meetings/not%20an%20id')).status).toBe(404);
  });

  it("with the server's key, makes and lists meetings for the host it names", async () => {
    const t = await world();
    const ops = await t.signUp(OPERATOR, 'Olga Ops');
    const made = await t.json(
      'POST',
      '/api/admin/api-keys',
      { name: 'provisioning', scopes: ['meetings:write', 'meetings:read'] },
      ops.headers,
    );
    const serverKey = (await made.json()).key as string;
    expect((await t.api('POST', '/meetings', body('No host'), serverKey)).body.error!.message).toMatch(/hostEmail is required/);
    expect((await t.api('POST', '/meetings', { ...body('x'), hostEmail: 'nobody@example.com' }, serverKey)).status).toBe(404);
    const created = await t.api('POST', '/meetings', { ...body('For Hanna'), hostEmail: 'host@example.com' }, serverKey);
    expect(created.status).toBe(201);
    expect((await t.storage.meetings.byId(created.body.id as string))?.ownerId).toBe(t.host.user.id);
    expect((await t.api('GET', '/meetings?hostEmail=host%40example.com', undefined, serverKey)).body.total).toBe(1);
    expect((await t.api('GET', `/meetings/${created.body.id}`, undefined, serverKey)).status).toBe(200);
  });

  it("counts new meetings against the host's limit, as the app does", async () => {
    const t = await world();
    for (let i = 0; i < LIMITS.meetingsPerAccount.max; i++)
      await t.storage.meetings.create({
        id: `meeting-${i}-xxxx`,
        ownerId: t.host.user.id,
        title: 't',
        startsAt: '2026-12-01T09:00:00.000Z',
        durationMinutes: 1,
        createdAt: '2026-11-25T10:00:00.000Z',
        linkToken: `l${i}`,
      });
    for (let i = 0; i < LIMITS.meetingsPerAccount.max; i++) await t.limits.hit('meetingsPerAccount', t.host.user.id);
    const res = await t.call(t.key, 'POST', '/meetings', body('one too many'));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('an API key in use', () => {
  it('shows when it was last used, written at most once a minute', async () => {
    const t = await world();
    expect((await (await t.json('GET', '/api/auth/api-keys', undefined, t.host.headers)).json()).keys[0].lastUsedAt).toBeNull();
    await t.api('GET', '/meetings');
    const { keys } = await (await t.json('GET', '/api/auth/api-keys', undefined, t.host.headers)).json();
    expect(keys[0].lastUsedAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it(`is limited to ${LIMITS.apiRequestsPerKey.max} requests a minute, each key on its own`, async () => {
    const t = await world();
    const other = await t.makeKey(['meetings:read']);
    for (let i = 0; i < LIMITS.apiRequestsPerKey.max; i++) expect((await t.call(t.key, 'GET', '/meetings')).status).toBe(200);
    const over = await t.call(t.key, 'GET', '/meetings');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('60');
    expect((await t.call(other, 'GET', '/meetings')).status).toBe(200);
  });
});
