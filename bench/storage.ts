import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import { ROOT } from '../e2e/harness/server.ts';
import { hashToken } from '../server/auth/sessions.ts';
import { openLowdbStorage } from '../server/storage/lowdb/lowdb-storage.ts';
import { openPostgresStorage } from '../server/storage/postgres/postgres-storage.ts';
import type { ChatRecord, NewChatRecord } from '../server/storage/records.ts';
import type { Storage } from '../server/storage/repositories.ts';
import { startPostgres } from '../test/postgres/start-postgres.ts';
import { createTestApp } from '../test/server/test-app.ts';
import { percentile, type BenchRow } from './table.ts';

/** History sizes, each in a meeting of its own. */
const LEVELS = [100, 10_000, 100_000];
const meetingAt = (level: number) => `BenchMeeting${level}`;
const SAMPLES = 300;
const ms = (n: number) => `${n.toFixed(2)} ms`;
const load = async () => (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' / ');

const message = (meetingId: string, n: number): NewChatRecord => ({
  id: `bench${n}`,
  meetingId,
  kind: 'text',
  senderId: 'participant',
  senderName: 'Bench',
  text: `message number ${n}, about as long as a chat line usually is`,
  audience: n % 10 === 0 ? 'host' : 'all',
  createdAt: new Date(Date.UTC(2026, 10, 25)).toISOString(),
});

/** Latencies of `count` calls made one after another. */
async function timed(count: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await call(i);
    times.push(performance.now() - t0);
  }
  return times;
}

/** A chat implementation under the append bench: its meetings can be filled fast (not through `append`). */
interface ChatUnderBench {
  name: string;
  storage(): Storage;
  /** Gives each level's meeting that many messages, then (re)opens the storage. */
  fill(): Promise<void>;
  close(): Promise<void>;
}

async function lowdbChat(dir: string): Promise<ChatUnderBench> {
  let storage: Storage | null = null;
  return {
    name: 'lowdb (JSON Lines, fsync)',
    storage: () => storage!,
    async fill() {
      // Written as plain lines; the first use of each meeting after the start reads its file (timed apart).
      await mkdir(path.join(dir, 'chat'), { recursive: true });
      for (const level of LEVELS) {
        const lines = Array.from(
          { length: level },
          (_, i) => `${JSON.stringify({ ...message(meetingAt(level), i + 1), seq: i + 1 } satisfies ChatRecord)}\n`,
        );
        await writeFile(path.join(dir, 'chat', `${meetingAt(level)}.jsonl`), lines.join(''));
      }
      storage = await openLowdbStorage(dir);
    },
    close: async () => storage?.close(),
  };
}

async function postgresChat(url: string): Promise<ChatUnderBench> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  let storage: Storage | null = null;
  return {
    name: 'PostgreSQL (synchronous commit)',
    storage: () => storage!,
    async fill() {
      storage = await openPostgresStorage(url); // migrates the schema
      for (const level of LEVELS) {
        const meetingId = meetingAt(level);
        await sql`
          INSERT INTO chat_messages (meeting_id, seq, id, kind, sender_id, sender_name, text, audience, created_at)
          SELECT ${meetingId}, g, 'bench' || g, 'text', 'participant', 'Bench',
                 'message number ' || g || ', about as long as a chat line usually is',
                 CASE WHEN g % 10 = 0 THEN 'host' ELSE 'all' END, '2026-11-25T00:00:00.000Z'
          FROM generate_series(1, ${level}::bigint) g`;
        await sql`INSERT INTO chat_sequences (meeting_id, last_seq) VALUES (${meetingId}, ${level})`;
      }
      await sql`VACUUM ANALYZE chat_messages`;
    },
    async close() {
      await sql.end();
      await storage?.close();
    },
  };
}

/**
 * Append latency at each size of history: flat is the goal (at most 2× from 100 to 100,000). The
 * levels take turns, one append each, so that a burst of other work on the shared machine falls
 * on all of them alike.
 */
async function appendLatency(chat: ChatUnderBench): Promise<BenchRow[]> {
  await chat.fill();
  const firstUse = new Map<number, number>();
  for (const level of LEVELS) {
    const t0 = performance.now();
    await chat.storage().chat.page(meetingAt(level), { limit: 100, includeHostOnly: false });
    firstUse.set(level, performance.now() - t0);
  }
  const times = new Map(LEVELS.map((level) => [level, [] as number[]]));
  const pages = new Map(LEVELS.map((level) => [level, [] as number[]]));
  for (let i = 0; i < SAMPLES; i++) {
    for (const level of LEVELS) {
      const t0 = performance.now();
      await chat.storage().chat.append(message(meetingAt(level), level + i + 1));
      times.get(level)!.push(performance.now() - t0);
    }
  }
  for (let i = 0; i < 50; i++) {
    for (const level of LEVELS) {
      const t0 = performance.now();
      await chat.storage().chat.page(meetingAt(level), { limit: 100, includeHostOnly: false });
      pages.get(level)!.push(performance.now() - t0);
    }
  }
  const rows: BenchRow[] = LEVELS.flatMap((level) => [
    {
      metric: `chat append, ${chat.name}, at ${level.toLocaleString('en')} messages: p50 / p99`,
      value: `${ms(percentile(times.get(level)!, 50))} / ${ms(percentile(times.get(level)!, 99))}`,
    },
    {
      metric: '  newest page (100 for a guest) p50; first use after a start',
      value: `${ms(percentile(pages.get(level)!, 50))}; ${ms(firstUse.get(level)!)}`,
    },
  ]);
  const ratio = percentile(times.get(LEVELS.at(-1)!)!, 50) / percentile(times.get(LEVELS[0]!)!, 50);
  rows.push({
    metric: `chat append, ${chat.name}: p50 at 100,000 ÷ p50 at 100`,
    value: `${ratio.toFixed(2)}×`,
    target: '≤ 2×',
    ok: ratio <= 2,
  });
  return rows;
}

/** 10,000 accounts and 100,000 meetings in PostgreSQL, then the routes: create a meeting, and the overview (a user's list). */
async function meetingsAtScale(url: string): Promise<BenchRow[]> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  const storage = await openPostgresStorage(url);
  await sql`
    INSERT INTO users (id, email, name, password_hash, created_at, features)
    SELECT 'u' || g, 'user' || g || '@example.com', 'User ' || g, 'scrypt$x', now(), '{"backgroundBlur":false,"recording":false}'
    FROM generate_series(1, 10000) g`;
  await sql`
    INSERT INTO meetings (id, owner_id, title, starts_at, duration_minutes, created_at, link_token, waiting_room)
    SELECT 'm' || g, 'u' || (1 + g % 10000), 'Meeting ' || g, now() + g * interval '1 minute', 30, now(), md5(g::text), true
    FROM generate_series(1, 100000) g`;
  const tokens: string[] = [];
  for (let i = 1; i <= 1000; i++) {
    tokens.push(`bench-token-${i}`);
    const now = new Date();
    await storage.sessions.create({
      tokenHash: hashToken(`bench-token-${i}`),
      userId: `u${i}`,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
    });
  }
  await sql`ANALYZE`;
  // Each request from its own address behind a proxy, as many users' would be (the per-address limit on new meetings).
  const app = createTestApp({ trustProxy: { hops: 1 } }, { storage });
  const as = (i: number) => ({ cookie: `sid=${tokens[i % tokens.length]}`, 'x-forwarded-for': `10.0.${i >> 8}.${i & 255}` });
  const body = { title: 'Bench', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30, waitingRoom: true };
  await timed(50, async (i) => app.json('GET', '/api/meetings', undefined, as(i))); // warm up
  const creates = await timed(500, async (i) => {
    const res = await app.json('POST', '/api/meetings', body, as(i));
    if (res.status !== 201) throw new Error(`create answered ${res.status}`);
  });
  const overviews = await timed(500, async (i) => {
    const res = await app.json('GET', '/api/meetings', undefined, as(i * 7));
    if (res.status !== 200) throw new Error(`overview answered ${res.status}`);
  });
  await sql.end();
  await storage.close();
  const row = (what: string, times: number[]): BenchRow => ({
    metric: `${what} (PostgreSQL, 100,000 meetings, 10,000 accounts): p50 / p99`,
    value: `${ms(percentile(times, 50))} / ${ms(percentile(times, 99))}`,
    target: 'p99 < 20 ms',
    ok: percentile(times, 99) < 20,
  });
  return [row('POST /api/meetings (create)', creates), row('GET /api/meetings (overview, ~10 each)', overviews)];
}

/** db.json writes per second (a meeting renamed, again and again), with fsync and without: what durability costs. */
async function documentWrites(base: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const fsync of [true, false]) {
    const dir = path.join(base, `db-${fsync}`);
    await mkdir(dir, { recursive: true });
    const users = Array.from({ length: 100 }, (_, i) => ({
      id: `u${i}`,
      email: `user${i}@example.com`,
      name: `User ${i}`,
      passwordHash: 'scrypt$x',
      createdAt: '2026-11-25T00:00:00.000Z',
      features: { backgroundBlur: false, recording: false },
    }));
    const meetings = Array.from({ length: 1000 }, (_, i) => ({
      id: `m${i}`,
      ownerId: `u${i % 100}`,
      title: `Meeting ${i}`,
      startsAt: '2026-12-01T09:00:00.000Z',
      durationMinutes: 30,
      createdAt: '2026-11-25T00:00:00.000Z',
      linkToken: `link${i}`,
    }));
    await writeFile(
      path.join(dir, 'db.json'),
      JSON.stringify({ version: 1, users, meetings, sessions: [], invites: [], recordings: [], audit: [] }),
    );
    const storage = await openLowdbStorage(dir, { fsync });
    const size = (await readFile(path.join(dir, 'db.json'))).length;
    let writes = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 3000) await storage.meetings.update(`m${writes++ % 1000}`, { title: `Renamed ${writes}` });
    const perSecond = writes / ((performance.now() - t0) / 1000);
    await storage.close();
    rows.push({
      metric: `db.json writes per second, ${fsync ? 'fsync (temp file, rename, folder)' : 'no fsync'} (${Math.round(size / 1024)} kB file)`,
      value: `${Math.round(perSecond)} /s`,
    });
  }
  return rows;
}

/**
 * `BENCH=storage`: chat append latency as a meeting's history grows (lowdb JSON Lines and
 * PostgreSQL, both durable), meeting create and overview at 100,000 meetings on PostgreSQL, and
 * what fsync costs db.json. PostgreSQL is started for the bench from Debian's binaries, with
 * fsync on. The machine is shared: the load average is printed before and after.
 */
export async function benchStorage(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [{ metric: 'load average (1 / 5 / 15 min), at the start', value: await load() }];
  // On the real disk (not a tmpfs): fsync must cost what it costs.
  const base = await mkdtemp(path.join(ROOT, '.bench-storage-'));
  const pg = await startPostgres({ durable: true });
  const admin = postgres(pg.url, { max: 1, onnotice: () => undefined });
  try {
    await admin`CREATE DATABASE chat_bench`;
    await admin`CREATE DATABASE meetings_bench`;
    for (const open of [() => lowdbChat(path.join(base, 'chat')), () => postgresChat(pg.urlFor('chat_bench'))]) {
      const chat = await open();
      try {
        rows.push(...(await appendLatency(chat)));
      } finally {
        await chat.close();
      }
    }
    rows.push(...(await meetingsAtScale(pg.urlFor('meetings_bench'))));
    rows.push(...(await documentWrites(base)));
  } finally {
    await admin.end();
    await pg.stop();
    await rm(base, { recursive: true, force: true });
  }
  rows.push({ metric: 'load average (1 / 5 / 15 min), at the end', value: await load() });
  return rows;
}
