import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../test/server/test-app.ts';
import type { BridgeStarter } from '../dialin/bridge-contract.ts';
import { openLowdbStorage } from '../storage/lowdb/lowdb-storage.ts';
import { createMemoryStorage } from '../storage/lowdb/lowdb-storage.ts';

const TOKEN = 'metrics-token-0123456789';

describe('GET /api/health', () => {
  it('says the storage is writable and how long the last write took', async () => {
    const t = createTestApp();
    const before = await (await t.json('GET', '/api/health')).json();
    expect(before).toEqual({ ok: true, storage: { writable: true, kind: 'lowdb', lastWrite: null } });
    await t.signUp();
    const after = await (await t.json('GET', '/api/health')).json();
    expect(after.storage.lastWrite).toMatchObject({ ok: true, at: '2026-11-25T10:00:00.000Z' });
    expect(after.storage.lastWrite.ms).toBeGreaterThanOrEqual(0);
  });

  it('answers 503 once a write failed, and again 200 after one succeeds', async () => {
    let fail = false;
    const storage = createMemoryStorage(
      {},
      {
        read: async () => null,
        write: async () => {
          if (fail) throw new Error('disk full');
        },
      },
    );
    const t = createTestApp({}, { storage });
    const host = await t.signUp();
    fail = true;
    expect(
      (await t.json('POST', '/api/meetings', { title: 'T', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30 }, host.headers)).status,
    ).toBe(500);
    const res = await t.json('GET', '/api/health');
    expect(res.status).toBe(503);
    expect((await res.json()).storage).toMatchObject({
      writable: false,
      problem: 'the last write failed: disk full',
      lastWrite: { ok: false },
    });
    fail = false;
    await t.createMeeting(host.headers);
    expect((await t.json('GET', '/api/health')).status).toBe(200);
  });

  // As root, permissions do not stop a write (access(W_OK) says yes to 0500), so there the folder is
  // taken away instead, as an unmounted disk would; as any other user it is made read-only.
  it('answers 503 when the data folder cannot be written (read-only, or gone)', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'health-'));
    const storage = await openLowdbStorage(dataDir);
    const t = createTestApp({ dataDir }, { storage });
    expect((await t.json('GET', '/api/health')).status).toBe(200);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) await rm(dataDir, { recursive: true, force: true });
    else await chmod(dataDir, 0o500);
    try {
      const res = await t.json('GET', '/api/health');
      expect(res.status).toBe(503);
      expect((await res.json()).storage.problem).toBe(`${dataDir} cannot be written`);
    } finally {
      if (!asRoot) await chmod(dataDir, 0o700);
      await storage.close();
    }
  });

  it('answers 503 "draining" while the node is drained', async () => {
    const t = createTestApp();
    t.drain.start();
    const res = await t.json('GET', '/api/health', undefined, { 'x-health-check': 'meetings' });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, draining: true });
    expect(t.drain.checksAnswered).toBe(1);
  });
});

describe('the drain waits for the proxy', () => {
  it('until every checker seen lately (each backend of each HAProxy) has had its checks answered "draining"', async () => {
    const t = createTestApp();
    const check = (backend: string) => t.json('GET', '/api/health', undefined, { 'x-health-check': backend });
    await check('meetings');
    await check('any');
    // Someone looks at the health by hand: not a proxy to wait for, once the proxy names its checks.
    await t.json('GET', '/api/health');
    t.drain.start();
    let moved: string | null = null;
    void t.drain.untilProxyMovedOn({ checks: 2, maxWaitMs: 60_000 }).then((how) => (moved = how));
    // Three checks from one backend, none yet from the other: the other still sends meetings here.
    for (let i = 0; i < 3; i++) await check('any');
    await Promise.resolve();
    expect(moved).toBeNull();
    await check('meetings');
    await Promise.resolve();
    expect(moved).toBeNull();
    await check('meetings');
    await vi.waitFor(() => expect(moved).toBe('checks'));
  });

  it('does not wait for checks that never come longer than the most it may, nor at all without a proxy', async () => {
    const t = createTestApp();
    await t.json('GET', '/api/health', undefined, { 'x-health-check': 'meetings' });
    t.drain.start();
    expect(await t.drain.untilProxyMovedOn({ checks: 3, maxWaitMs: 20 })).toBe('timeout');
    const alone = createTestApp();
    alone.drain.start();
    expect(await alone.drain.untilProxyMovedOn({ checks: 3, maxWaitMs: 60_000 })).toBe('checks');
  });
});

describe('GET /metrics', () => {
  it('is not there without METRICS_TOKEN', async () => {
    const t = createTestApp();
    expect((await t.app.request('/metrics')).status).toBe(404);
    expect((await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it.each([[undefined], ['Bearer wrong-token-0123456789'], [`Basic ${TOKEN}`], [`Bearer ${TOKEN}x`]])(
    'answers 401 to authorization %s',
    async (authorization) => {
      const t = createTestApp({ metricsToken: TOKEN });
      const res = await t.app.request('/metrics', { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await res.text()).not.toContain('meeting_');
    },
  );

  it('counts rooms, participants, sockets, callers, recordings, writes and memory in the Prometheus text format', async () => {
    const startBridge: BridgeStarter = () => Promise.reject(new Error('no calls in this test'));
    const t = createTestApp({ metricsToken: TOKEN }, { startBridge, audioDropped: () => 7 });
    const host = await t.signUp();
    const meeting = await t.createMeeting(host.headers);
    const joined = await (await t.json('POST', `/api/meetings/${meeting.id}/join`, { name: 'Hanna' }, host.headers)).json();
    t.hub.connect(meeting.id, joined.participant.id, { send() {}, close() {} });
    for (const seconds of [0.012, 0.042, 0.0421, 0.25, 3]) t.dialIn.roomToCallerDelay.observe(seconds);
    const res = await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}"=+.]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('meeting_rooms')).toBe(1);
    expect(value('meeting_participants')).toBe(1);
    expect(value('meeting_sockets{kind="room"}')).toBe(1);
    expect(value('meeting_dialin_callers')).toBe(0);
    expect(value('meeting_dialin_audio_dropped_total')).toBe(7);
    expect(value('meeting_recordings_in_progress')).toBe(0);
    expect(value('meeting_storage_write_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(value('meeting_storage_write_seconds_bucket{le="+Inf"}')).toBe(value('meeting_storage_write_seconds_count'));
    // The phone bridge's delay: cumulative buckets, the last one past every bound.
    const delay = (le: string) => value(`meeting_dialin_room_to_caller_delay_seconds_bucket{le="${le}"}`);
    expect([delay('0.01'), delay('0.015'), delay('0.04'), delay('0.045'), delay('0.3'), delay('2'), delay('+Inf')]).toEqual([
      0, 1, 1, 3, 4, 4, 5,
    ]);
    expect(value('meeting_dialin_room_to_caller_delay_seconds_count')).toBe(5);
    expect(value('meeting_dialin_room_to_caller_delay_seconds_sum')).toBeCloseTo(3.3461, 6);
    expect(value('process_resident_memory_bytes')).toBeGreaterThan(1e6);
    expect(value('meeting_memory_collection_size{collection="identities"}')).toBe(0);
    // SFU=off here: the SFU's families are there, all zero (server/sfu/sfu-proxy.test.ts reads them with Janus).
    for (const line of [
      'meeting_sfu_enabled',
      'meeting_sfu_up',
      'meeting_sfu_restarts_total',
      'meeting_sfu_meetings',
      'meeting_sockets{kind="sfu"}',
    ])
      expect(value(line)).toBe(0);
    // Every sample line is `name{labels} number`, every family has HELP and TYPE.
    for (const line of text.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?[0-9.e+]+)$/);
    expect(text).not.toContain('Hanna');
  });

  it("shows the main thread's stalls since the last scrape", async () => {
    const t = createTestApp({ metricsToken: TOKEN });
    const scrape = async () => {
      const text = await (await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      const value = (stat: string) => Number(new RegExp(`^nodejs_eventloop_lag_${stat}_seconds (\\S+)$`, 'm').exec(text)?.[1]);
      return { p50: value('p50'), max: value('max') };
    };
    await scrape();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const until = performance.now() + 150;
    while (performance.now() < until) {
      /* a long task on the server's main thread */
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    const stalled = await scrape();
    expect(stalled.max).toBeGreaterThanOrEqual(0.15);
    expect(stalled.p50).toBeLessThan(0.15);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await scrape()).max).toBeLessThan(0.15);
  });

  it('watches no event loop without a token to read it', () => {
    expect(createTestApp().loopDelay).toBeNull();
  });
});
