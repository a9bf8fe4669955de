import { isDeepStrictEqual } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITE_HEADER } from '../../../shared/api/invites.ts';
import { openAdminChannel } from '../../admin/admin-channel.ts';
import { LIMITS } from '../../limits/limits.ts';
import { type RunningPostgres, startPostgres } from '../../../test/postgres/start-postgres.ts';
import { createTestApp, TEST_PASSWORD } from '../../../test/server/test-app.ts';
import { createTestWorld } from '../../../test/server/test-world.ts';
import { openStorage } from '../open-storage.ts';
import type { Storage } from '../repositories.ts';

/**
 * The whole app on PostgreSQL (a server started for this file): the test world (every kind of
 * record, written through the real routes), refused requests that change nothing stored, and two
 * server processes (two apps) sharing one database, rate limits included.
 */
describe('the app on PostgreSQL', () => {
  let pg: RunningPostgres;
  let admin: postgres.Sql;
  let n = 0;
  const opened: Storage[] = [];
  const database = async () => {
    const name = `app_${++n}`;
    await admin.unsafe(`CREATE DATABASE ${name}`);
    return pg.urlFor(name);
  };
  const storageAt = async (url: string) => {
    const storage = await openStorage({ dataDir: '/nonexistent', databaseUrl: url, databasePoolSize: 5 });
    opened.push(storage);
    return storage;
  };

  beforeAll(async () => {
    pg = await startPostgres();
    admin = postgres(pg.url, { max: 1, onnotice: () => undefined });
  }, 60_000);
  afterAll(async () => {
    for (const storage of opened) await storage.close();
    await admin?.end();
    await pg?.stop();
  });

  it('builds the test world, and refused requests leave everything stored as it was', async () => {
    const world = await createTestWorld({}, { storage: await storageAt(await database()) });
    try {
      const stored = await world.storage.dump();
      expect(stored.users).toHaveLength(3);
      expect(stored.meetings).toHaveLength(2);
      expect(stored.invites.map((i) => i.state)).toEqual(['sent', 'revoked', 'revoked']);
      expect(stored.recordings.map((r) => r.state).sort()).toEqual(['ready', 'recording']);
      expect(stored.chat[world.meetingId]!.some((m) => m.kind === 'file')).toBe(true);
      const before = await world.snapshot();
      expect(isDeepStrictEqual(before, await world.snapshot())).toBe(true);
      const refused = [
        world.json('DELETE', world.base, undefined, world.headers.otherUser),
        world.json('DELETE', `${world.base}/invites/${world.invites.invited.id}`, undefined, world.headers.linkGuest),
        world.json('POST', `${world.base}/chat`, { text: 'let me in' }, world.headers.revokedGuest),
        world.json('PATCH', world.base, { title: 'mine now' }, world.headers.stranger),
        world.json('POST', `${world.base}/link`, undefined, world.headers.otherParticipant),
      ];
      for (const res of await Promise.all(refused)) expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await world.snapshot()).toEqual(before);
    } finally {
      await world.dispose();
    }
  }, 60_000);

  it('lets two server processes share accounts, meetings, chat history and rate limits', async () => {
    const url = await database();
    const a = createTestApp({}, { storage: await storageAt(url) });
    const b = createTestApp({}, { storage: await storageAt(url) });
    const host = await a.signUp('hanna@example.com', 'Hanna Host');
    // Signed up on one, signed in on the other; the session works on both.
    const signIn = await b.json('POST', '/api/auth/signin', { email: 'hanna@example.com', password: TEST_PASSWORD });
    expect(signIn.status).toBe(200);
    const meeting = await b.createMeeting(host.headers, 'Shared');
    expect(
      (await (await a.json('GET', '/api/meetings', undefined, host.headers)).json()).meetings.map((m: { id: string }) => m.id),
    ).toEqual([meeting.id]);
    // A guest in process A's room writes; the host reads the history through process B.
    const invite = await a.guestLink(host.headers, meeting.id);
    const joined = await (await a.json('POST', `/api/meetings/${meeting.id}/join`, { name: 'Gus' }, { [INVITE_HEADER]: invite })).json();
    a.hub.connect(meeting.id, joined.participant.id, { send() {}, close() {} });
    const guest = { [INVITE_HEADER]: invite, 'x-participant-id': joined.participant.id, 'x-participant-token': joined.token };
    expect((await a.json('POST', `/api/meetings/${meeting.id}/chat`, { text: 'hello from A' }, guest)).status).toBe(201);
    const history = await (await b.json('GET', `/api/meetings/${meeting.id}/chat`, undefined, host.headers)).json();
    expect(history.messages.map((m: { text: string }) => m.text)).toContain('hello from A');
    // Wrong passwords count across both processes.
    const limit = LIMITS.failedSignInsPerAccount.max;
    const statuses: number[] = [];
    for (let i = 0; i <= limit; i++) {
      const app = i % 2 ? a : b;
      statuses.push((await app.json('POST', '/api/auth/signin', { email: 'hanna@example.com', password: 'wrong password' })).status);
    }
    expect(statuses.slice(0, limit).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  }, 60_000);

  it('lets the admin command line work on the database directly, servers running or not', async () => {
    const url = await database();
    const app = createTestApp({}, { storage: await storageAt(url) });
    await app.signUp('ada@example.com', 'Ada');
    const config = { dataDir: '/nonexistent', adminEmails: [], databaseUrl: url, databasePoolSize: 1 };
    const channel = await openAdminChannel(config);
    try {
      expect(channel.mode).toBe('database');
      const set = await channel.send({ command: 'set', email: 'ada@example.com', feature: 'recording', on: true, osUser: 'ops' });
      expect(set.audit.map((a) => a.actor)).toEqual(['cli:ops']);
      expect(
        (await (await app.json('POST', '/api/auth/signin', { email: 'ada@example.com', password: TEST_PASSWORD })).json()).user.features
          .recording,
      ).toBe(true);
      expect((await channel.send({ command: 'audit', offset: 0, limit: 10 })).total).toBe(1);
    } finally {
      await channel.close();
    }
  });
});
