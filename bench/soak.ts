/**
 * `BENCH=soak`: a month of use in minutes. A fake clock (the server's injected `clock`) drives
 * four simulated weeks against the real server in-process (createBackend on lowdb in a temporary
 * DATA_DIR, every write fsync'd): meetings with joins, media checks, knocks (admitted and
 * declined), chats, reloads, removals, dial-in tickets through the signed Twilio webhook, sign-ins
 * and sign-outs; half the meetings end for everyone, the others empty. Room channels are fake
 * sockets handed to the hub (as the unit tests do); HTTP goes through `app.request`.
 * Runs in its own `node --expose-gc` child (with the server's V8 flags, deploy/node-flags.ts), so
 * that the heap after a forced GC is measured.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../shared/api/chat.ts';
import { DEVICE_ID_HEADER } from '../shared/api/host-controls.ts';
import { INVITE_HEADER } from '../shared/api/invites.ts';
import { testConfig } from '../server/config.ts';
import { createBackend } from '../server/create-backend.ts';
import { openStorage } from '../server/storage/open-storage.ts';
import { createMemoryMailer } from '../test/server/memory-mailer.ts';
import { startPostgres } from '../test/postgres/start-postgres.ts';
import { twilioPoster } from '../test/server/twilio-webhook.ts';
import { SERVER_NODE_FLAGS } from '../deploy/node-flags.ts';
import type { BenchRow } from './table.ts';

const WEEK = 7 * 24 * 60 * 60_000;
const WEEKS = 4;
const PASSWORD = 'correct horse battery';
const TWILIO_TOKEN = 'soak-twilio-token';

export interface SoakResult {
  weeks: {
    week: number;
    meetings: number;
    rssMb: number;
    heapMb: number;
    /** V8's reserved heap, Buffers and ArrayBuffers outside it, and db.json's size: where RSS goes. */
    heapTotalMb: number;
    externalMb: number;
    storeMb: number;
    seconds: number;
  }[];
  census: Record<string, number>;
  running: number;
  requests: number;
  /** Unexpected answers (the first distinct ones in `failures`). */
  failed: number;
  failures: string[];
  loadavg: number[];
  storage: 'lowdb' | 'postgres';
}

/** The bench entry: runs the soak in a child with --expose-gc and reads its result. */
export async function benchSoak(): Promise<BenchRow[]> {
  const script = fileURLToPath(import.meta.url);
  const out = await new Promise<string>((resolve, reject) => {
    // Started with the server's own V8 flags (package.json's start), plus --expose-gc.
    const child = spawn(process.execPath, ['--expose-gc', ...SERVER_NODE_FLAGS, script, '--child'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`soak child exited ${code}`))));
  });
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as SoakResult;
  return soakRows(result);
}

export function soakRows(r: SoakResult): BenchRow[] {
  const on = r.storage === 'postgres' ? ' (PostgreSQL)' : '';
  const rows: BenchRow[] = r.weeks.map((w) => ({
    metric: `soak${on} week ${w.week} (${w.meetings} meetings, ${w.seconds} s): RSS / heap used / heap total / external after GC; db.json`,
    value: `${w.rssMb} / ${w.heapMb} / ${w.heapTotalMb} / ${w.externalMb} MB; ${w.storeMb} MB`,
  }));
  const [w2, w4] = [r.weeks[1]!, r.weeks[WEEKS - 1]!];
  const growth = (a: number, b: number) => (b - a) / a;
  const heapGrowth = growth(w2.heapMb, w4.heapMb);
  const rssGrowth = growth(w2.rssMb, w4.rssMb);
  rows.push({
    metric: 'soak: heap after GC, week 2 → week 4',
    value: `${(heapGrowth * 100).toFixed(1)} %`,
    target: 'within 10 %',
    ok: Math.abs(heapGrowth) <= 0.1,
  });
  rows.push({
    metric: 'soak: RSS after GC, week 2 → week 4',
    value: `${(rssGrowth * 100).toFixed(1)} %`,
    target: 'within 10 %',
    ok: Math.abs(rssGrowth) <= 0.1,
  });
  const perMeeting = ['rooms', 'admittedMeetings', 'lobbyMeetings'];
  const left = Object.entries(r.census)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  rows.push({
    metric: `soak: in-memory collections at the end (${r.running} meetings still running)`,
    value: left || 'all empty',
    target: `per-meeting ≤ ${r.running}`,
    ok: perMeeting.every((k) => (r.census[k] ?? 0) <= r.running),
  });
  rows.push({
    metric: 'soak: requests / unexpected answers',
    value: `${r.requests} / ${r.failures.length}`,
    target: '0 unexpected',
    ok: r.failures.length === 0,
  });
  rows.push({ metric: 'soak: load average (1/5/15 min) at the end', value: r.loadavg.map((n) => n.toFixed(2)).join(' / ') });
  return rows;
}

/** The month itself (in the child). */
export async function runSoak({
  meetingsPerWeek = Number(process.env.SOAK_MEETINGS_PER_WEEK ?? 700),
  running = 5,
} = {}): Promise<SoakResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'soak-'));
  // SOAK_STORAGE=postgres: the same month on PostgreSQL (Debian's server, started for the run).
  const postgres = process.env.SOAK_STORAGE === 'postgres' ? await startPostgres() : null;
  let now = Date.parse('2026-01-05T08:00:00Z');
  const clock = () => new Date(now);
  const config = testConfig({
    dataDir,
    publicUrl: 'https://meet.example.com',
    dialIn: { number: '+1 555 010 0199', authToken: TWILIO_TOKEN, maxCalls: 5 },
    joinTimeoutMs: 60_000,
    databaseUrl: postgres?.url ?? null,
  });
  const storage = await openStorage(config);
  const backend = createBackend({ config, storage, mailer: createMemoryMailer(), clock });
  const { app, deps } = backend;
  const twilio = twilioPoster(app, config.publicUrl!, TWILIO_TOKEN);
  const failures: string[] = [];
  let requests = 0;
  const failed = 0;
  let seq = 0;
  const socket = () => ({ send() {}, close() {} });

  const call = async (method: string, p: string, body: unknown, headers: Record<string, string>, expect: number[]) => {
    requests++;
    const res = await app.request(p, {
      method,
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!expect.includes(res.status)) {
      if (failures.length < 20)
        failures.push(`${method} ${p.replace(/[A-Za-z0-9_-]{12,}/g, ':id')} → ${res.status} ${(await res.text()).slice(0, 120)}`);
      return null;
    }
    const text = await res.text();
    return { res, body: text ? JSON.parse(text) : null };
  };

  // Twenty hosts with accounts; each signs in now and then (scrypt: the slowest request here).
  const hosts: { email: string; cookie: string }[] = [];
  for (let i = 0; i < 20; i++) {
    const email = `host${i}@example.com`;
    const made = await call('POST', '/api/auth/signup', { email, password: PASSWORD, name: `Host ${i}` }, {}, [201]);
    hosts.push({ email, cookie: made!.res.headers.get('set-cookie')!.split(';')[0]! });
  }
  const signIn = async (host: { email: string; cookie: string }) => {
    if (seq % 2) await call('POST', '/api/auth/signout', {}, { cookie: host.cookie }, [204, 200]);
    const res = await call('POST', '/api/auth/signin', { email: host.email, password: PASSWORD }, {}, [200]);
    if (res) host.cookie = res.res.headers.get('set-cookie')!.split(';')[0]!;
  };

  const stillRunning: string[] = [];
  async function meeting(index: number, keepRunning: boolean) {
    const host = hosts[index % hosts.length]!;
    if (index % 4 === 0) await signIn(host);
    const h = { cookie: host.cookie };
    const waitingRoom = index % 2 === 0;
    const made = await call(
      'POST',
      '/api/meetings',
      { title: `Soak ${index}`, startsAt: clock().toISOString(), durationMinutes: 30, waitingRoom },
      h,
      [201],
    );
    if (!made) return;
    const id = made.body.id as string;
    const base = `/api/meetings/${id}`;
    const invites = await call('GET', `${base}/invites`, undefined, h, [200]);
    const link = new URL(invites!.body.link).searchParams.get('invite')!;
    const enter = async (headers: Record<string, string>, name: string, rejoin?: { participantId: string; token: string }) => {
      const joined = await call('POST', `${base}/join`, { name, ...(rejoin ? { rejoin } : {}) }, headers, [200, 201]);
      if (!joined) return null;
      const p = { id: joined.body.participant.id as string, token: joined.body.token as string };
      deps.hub.connect(id, p.id, socket());
      return { ...p, auth: { ...headers, [PARTICIPANT_ID_HEADER]: p.id, [PARTICIPANT_TOKEN_HEADER]: p.token } };
    };
    const hostIn = await enter(h, `Host ${index}`);
    if (!hostIn) return;
    const guests: NonNullable<Awaited<ReturnType<typeof enter>>>[] = [];
    const guestCount = 2 + (index % 3);
    for (let g = 0; g < guestCount; g++) {
      const gh = { [INVITE_HEADER]: link, [DEVICE_ID_HEADER]: `device-${index}-${g}-xxxxxxxxxx` };
      const checkId = `check-${index}-${g}-xxxx`;
      for (const step of ['started', 'camera', 'microphone', 'finished']) {
        await call('POST', `${base}/media-check`, { type: 'step', checkId, name: `Guest ${g}`, step, outcome: 'passed' }, gh, [204]);
      }
      if (waitingRoom) {
        const knock = await call('POST', `${base}/lobby`, { name: `Guest ${g}` }, gh, [202]);
        if (!knock) continue;
        const heard: { type: string; participantId?: string; token?: string }[] = [];
        deps.hostControls.lobby.connect(id, knock.body.waiterId, { send: (t: string) => void heard.push(JSON.parse(t)), close() {} });
        // Every fifth knock is declined.
        const answer = g === 1 && index % 5 === 0 ? 'decline' : 'admit';
        await call('POST', `${base}/lobby/${knock.body.waiterId}/${answer}`, undefined, h, [204]);
        if (answer === 'decline') continue;
        // The waiting page hears its participant and enters as them.
        const admitted = heard.find((e) => e.type === 'admitted');
        const guest = admitted && (await enter(gh, `Guest ${g}`, { participantId: admitted.participantId!, token: admitted.token! }));
        if (guest) guests.push(guest);
        continue;
      }
      const guest = await enter(gh, `Guest ${g}`);
      if (guest) guests.push(guest);
    }
    for (let m = 0; m < 4; m++) {
      const who = m % 2 ? hostIn : (guests[m % Math.max(guests.length, 1)] ?? hostIn);
      await call('POST', `${base}/chat`, { text: `message ${m} of meeting ${index}` }, who.auth, [201]);
    }
    // A reload: the page rejoins with its ticket and opens a new channel.
    const reloading = guests[0];
    if (reloading) {
      const headers = { [INVITE_HEADER]: link, [DEVICE_ID_HEADER]: `device-${index}-0-xxxxxxxxxx` };
      await enter(headers, 'Guest 0', { participantId: reloading.id, token: reloading.token });
    }
    // A removal now and then.
    if (index % 3 === 0 && guests.length > 1) {
      const removed = guests.pop()!;
      await call('DELETE', `${base}/participants/${removed.id}`, undefined, h, [204]);
    }
    // A phone caller types the PIN: a ticket for their Media Stream (no media in this bench).
    if (index % 4 === 1) {
      const dial = await call('GET', `${base}/dial-in`, undefined, h, [200]);
      const callSid = `CA${String(index).padStart(32, '0')}`;
      requests++;
      await twilio('/api/dial-in/twilio/pin', { CallSid: callSid, From: `+1555${String(index).padStart(7, '0')}`, Digits: dial!.body.pin });
    }
    if (keepRunning) return void stillRunning.push(id);
    if (index % 2) {
      await call('POST', `${base}/end`, undefined, h, [204]);
    } else {
      for (const p of [...guests, hostIn]) await call('POST', `${base}/leave`, { participantId: p.id, token: p.token }, {}, [204]);
    }
  }

  const weeks: SoakResult['weeks'] = [];
  const slot = WEEK / meetingsPerWeek;
  let nextHourlySweep = now + 60 * 60_000;
  for (let week = 1; week <= WEEKS; week++) {
    const started = performance.now();
    for (let i = 0; i < meetingsPerWeek; i++) {
      const index = seq++;
      const keep = week === WEEKS && i >= meetingsPerWeek - running;
      await meeting(index, keep);
      now += slot;
      if (now >= nextHourlySweep) {
        // What the server's timers do every minute (memory) and ten minutes (sessions, rate windows).
        backend.sweepMemory();
        await deps.storage.sessions.deleteExpired(clock());
        await deps.storage.rateCounters.sweep(now);
        nextHourlySweep = now + 60 * 60_000;
      }
    }
    // Forced GCs with the event loop's turn between them, until the heap in use stops shrinking: the
    // FinalizationRegistry cleanups a GC queues run as tasks of their own, and until they have, each
    // request's AbortSignal (undici's Request) stays held by a WeakRef, a WeakCell and a listener
    // (18,120 of them, 11 MB of the 45 MB "heap used" read right after gc() after week 1 in one run).
    gc();
    for (let round = 0, before = process.memoryUsage().heapUsed; round < 10; round++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      gc();
      const after = process.memoryUsage().heapUsed;
      if (before - after < 256 * 1024) break;
      before = after;
    }
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
    weeks.push({
      week,
      meetings: seq,
      rssMb: mb(rss),
      heapMb: mb(heapUsed),
      heapTotalMb: mb(heapTotal),
      externalMb: mb(external),
      storeMb: postgres ? 0 : mb(statSync(path.join(dataDir, 'db.json')).size),
      seconds: Math.round((performance.now() - started) / 1000),
    });
    process.stderr.write(`soak: week ${week}: ${JSON.stringify(weeks.at(-1))}\n`);
  }
  backend.sweepMemory();
  const census = deps.census.sizes();
  const result: SoakResult = {
    weeks,
    census,
    running: stillRunning.length,
    requests,
    failed,
    failures,
    loadavg: loadavg(),
    storage: postgres ? 'postgres' : 'lowdb',
  };
  await backend.close();
  await postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return result;
}

if (process.argv.includes('--child')) {
  const result = await runSoak();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
