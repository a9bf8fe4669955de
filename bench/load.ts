import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster } from '../deploy/cluster/start-cluster.ts';
import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createMeeting, signUpHost, type HostAccount } from '../e2e/harness/accounts.ts';
import { startServer } from '../e2e/harness/server.ts';
import { cpuSeconds } from './cpu.ts';
import { guestAccess, joinAndConnect, postChat, type LoadParticipant } from './load/load-participant.ts';
import { percentile, type BenchRow } from './table.ts';

const ROOMS = Number(process.env.LOAD_ROOMS ?? 100);
const PER_ROOM = Number(process.env.LOAD_PER_ROOM ?? 10);
/** Sign-up is rate-limited (10 per 15 min per address): a few hosts, each with many meetings. */
const HOSTS = 4;
/** Chat messages a second over all rooms: steady (one a second in every room), then a burst. */
const RATE = Number(process.env.LOAD_RATE ?? 100);
const MESSAGES = Number(process.env.LOAD_MESSAGES ?? 2000);
const BURST_RATE = Number(process.env.LOAD_BURST_RATE ?? 500);
const BURST_MESSAGES = Number(process.env.LOAD_BURST_MESSAGES ?? 2500);
const JOIN_CONCURRENCY = 20;
const DELIVERY_TIMEOUT_MS = 10_000;

interface PhaseResult {
  rate: number;
  messages: number;
  failedPosts: number;
  /** The answers of the posts that failed, e.g. "12× 429". */
  failedStatuses: string;
  incomplete: number;
  latencies: number[];
  serverCpu: number;
  clientCpu: number;
  clientLoopP99: number;
}

/**
 * Posts `messages` chat messages at `rate` a second, each by a random participant, and times
 * each one from just before its POST until the last other participant of its room has it.
 */
async function chatPhase(o: {
  server: LoadTarget;
  participants: LoadParticipant[];
  byRoom: Map<string, LoadParticipant[]>;
  inFlight: Map<string, InFlight>;
  latencies: number[];
  rate: number;
  messages: number;
  first: number;
}): Promise<PhaseResult> {
  const { server, participants, byRoom, inFlight } = o;
  o.latencies.length = 0;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpuOf = () => server.pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const cpuBefore = cpuOf();
  const clientCpuBefore = process.cpuUsage();
  const started = performance.now();
  let failedPosts = 0;
  const failedStatuses = new Map<number, number>();
  const posts: Promise<void>[] = [];
  for (let i = 0; i < o.messages; i++) {
    const wait = started + (i * 1000) / o.rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const sender = participants[Math.floor(Math.random() * participants.length)]!;
    const text = `load message ${o.first + i}`;
    const others = byRoom
      .get(sender.meetingId)!
      .filter((p) => p.id !== sender.id)
      .map((p) => p.id);
    inFlight.set(text, { sentAt: performance.now(), senderId: sender.id, waitingFor: new Set(others) });
    posts.push(
      postChat(server, sender, text).then((status) => {
        if (status === 201) return;
        failedPosts++;
        failedStatuses.set(status, (failedStatuses.get(status) ?? 0) + 1);
        inFlight.delete(text);
      }),
    );
  }
  await Promise.all(posts);
  const deadline = performance.now() + DELIVERY_TIMEOUT_MS;
  while (inFlight.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const seconds = (performance.now() - started) / 1000;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  loop.disable();
  const incomplete = inFlight.size;
  inFlight.clear();
  return {
    rate: o.rate,
    messages: o.messages,
    failedPosts,
    failedStatuses: [...failedStatuses].map(([status, n]) => `${n}× ${status}`).join(', '),
    incomplete,
    latencies: [...o.latencies],
    serverCpu: ((cpuOf() - cpuBefore) / seconds) * 100,
    clientCpu: ((clientCpu.user + clientCpu.system) / 1e6 / seconds) * 100,
    clientLoopP99: loop.percentile(99) / 1e6,
  };
}

function phaseRows(prefix: string, name: string, r: PhaseResult): BenchRow[] {
  const label = `${prefix}, ${name} chat at ${r.rate} msg/s`;
  const p99 = percentile(r.latencies, 99);
  return [
    {
      metric: `${label}: posted / delivered to all ${PER_ROOM - 1} others`,
      value: `${r.messages - r.failedPosts} / ${r.latencies.length} of ${r.messages}${r.failedPosts ? ` (refused: ${r.failedStatuses})` : ''}`,
      ok: r.failedPosts === 0 && r.incomplete === 0,
    },
    {
      metric: `${label}: fan-out POST → last receiver p50 / p99 / max`,
      value: `${percentile(r.latencies, 50).toFixed(1)} / ${p99.toFixed(1)} / ${Math.max(...r.latencies).toFixed(1)} ms`,
      target: 'p99 < 50 ms',
      ok: p99 < 50,
    },
    {
      metric: `${label}: CPU server / clients (% of a core), client event-loop delay p99`,
      value: `${r.serverCpu.toFixed(0)} % / ${r.clientCpu.toFixed(0)} %, ${r.clientLoopP99.toFixed(1)} ms`,
    },
  ];
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0]!;

/** Peak and current resident memory of the server's processes, in MB (VmHWM and VmRSS from /proc, summed). */
function memoryMb(pids: number[]): { peak: number; now: number } {
  let peak = 0;
  let now = 0;
  for (const pid of pids) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    peak += kb('VmHWM') / 1024;
    now += kb('VmRSS') / 1024;
  }
  return { peak, now };
}

/** What the load runs against: one server, or HAProxy in front of a cluster (the CPU and memory of every node count). */
export interface LoadTarget {
  url: string;
  port: number;
  pids(): number[];
}

async function inBatches<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!);
      }
    }),
  );
  return out;
}

interface InFlight {
  sentAt: number;
  senderId: string;
  waitingFor: Set<string>;
}

/**
 * 1,000 participants' signalling (ROOMS rooms of PER_ROOM) against the real server: each joins
 * through the API and keeps its room channel and its PeerJS socket open. Then chat messages
 * are posted through the API at RATE a second by random participants, and each one's fan-out
 * is timed from the POST until the last other participant of its room has it on its channel.
 */
async function runLoad(server: LoadTarget, prefix: string): Promise<{ rows: BenchRow[]; steadyP99: number; burstP99: number }> {
  const participants: LoadParticipant[] = [];
  try {
    const hosts: HostAccount[] = [];
    for (let i = 0; i < HOSTS; i++) hosts.push(await signUpHost(server, `Host ${i + 1}`));
    const meetings = await inBatches([...Array(ROOMS).keys()], 10, async (r) => {
      const host = hosts[r % HOSTS]!;
      const meeting = await createMeeting(server, host, `Load room ${r + 1}`);
      return { ...meeting, host, invite: new URL(meeting.guestUrl).searchParams.get('invite')! };
    });

    const inFlight = new Map<string, InFlight>();
    const latencies: number[] = [];
    const onChat = (p: LoadParticipant, text: string, at: number) => {
      const message = inFlight.get(text);
      if (!message?.waitingFor.delete(p.id) || message.waitingFor.size > 0) return;
      latencies.push(at - message.sentAt);
      inFlight.delete(text);
    };

    // Joins: the host first in each room (with their session), then the guests with the shared link.
    const joinStarted = performance.now();
    const seats = meetings.flatMap((m) => Array.from({ length: PER_ROOM }, (_, seat) => ({ m, seat })));
    const joined = await inBatches(seats, JOIN_CONCURRENCY, ({ m, seat }) =>
      joinAndConnect(
        server,
        m.id,
        seat === 0 ? { cookie: m.host.cookie } : guestAccess(m.invite),
        seat === 0 ? 'Host' : `Guest ${seat}`,
        onChat,
      ),
    );
    participants.push(...joined);
    const joinSeconds = (performance.now() - joinStarted) / 1000;
    const roomSockets = participants.filter((p) => p.room.readyState === p.room.OPEN).length;
    const peerSockets = participants.filter((p) => p.peer?.readyState === p.peer?.OPEN).length;
    const afterJoin = memoryMb(server.pids());
    await new Promise((r) => setTimeout(r, 2_000));

    const byRoom = new Map<string, LoadParticipant[]>();
    for (const p of participants) byRoom.set(p.meetingId, [...(byRoom.get(p.meetingId) ?? []), p]);
    const chat = (rate: number, messages: number, first: number) =>
      chatPhase({ server, participants, byRoom, inFlight, latencies, rate, messages, first });
    const load = loadAverage();
    const steady = await chat(RATE, MESSAGES, 0);
    await new Promise((r) => setTimeout(r, 1_000));
    const burst = await chat(BURST_RATE, BURST_MESSAGES, MESSAGES);
    const memory = memoryMb(server.pids());

    const rows: BenchRow[] = [
      {
        metric: `${prefix}: participants joined (${ROOMS} rooms × ${PER_ROOM}, ${HOSTS} hosts)`,
        value: `${participants.length} in ${joinSeconds.toFixed(1)} s`,
        target: `${ROOMS * PER_ROOM}`,
        ok: participants.length === ROOMS * PER_ROOM,
      },
      { metric: `${prefix}: room channels / PeerJS sockets open`, value: `${roomSockets} / ${peerSockets}` },
      ...phaseRows(prefix, 'steady', steady),
      ...phaseRows(prefix, 'burst', burst),
      {
        metric: `${prefix}: server memory (RSS) after the joins / at peak (VmHWM)`,
        value: `${afterJoin.now.toFixed(0)} MB / ${memory.peak.toFixed(0)} MB`,
      },
      { metric: `${prefix}: machine load average (1 min) when the chat began`, value: `${load} on ${cpus().length} cores` },
    ];
    return { rows, steadyP99: percentile(steady.latencies, 99), burstP99: percentile(burst.latencies, 99) };
  } finally {
    for (const p of participants) p.close();
  }
}

export async function benchLoad(): Promise<BenchRow[]> {
  // Signalling only, PER_ROOM people a room: the room cap must let them all in.
  const server = await startServer({ ROOM_MAX: String(PER_ROOM) });
  try {
    return (await runLoad({ url: server.url, port: server.port, pids: () => [server.process.pid!] }, 'load')).rows;
  } finally {
    await server.stop();
  }
}

/**
 * The same load through HAProxy over three nodes and PostgreSQL (deploy/cluster/), against one
 * process (lowdb) measured in the same run: the cost of the proxy hop and of the database.
 */
export async function benchClusterLoad(): Promise<BenchRow[]> {
  const single = await startServer({ ROOM_MAX: String(PER_ROOM) });
  let one: Awaited<ReturnType<typeof runLoad>>;
  try {
    one = await runLoad({ url: single.url, port: single.port, pids: () => [single.process.pid!] }, 'cluster load, one process');
  } finally {
    await single.stop();
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-cluster-load-'));
  chmodSync(dir, 0o755);
  const cluster = await startCluster({
    port: 0,
    nodes: 3,
    dir,
    durable: true,
    nodeEnv: { PWA_DIR: '', LOG_LEVEL: 'warn', ROOM_MAX: String(PER_ROOM) },
  });
  try {
    const proxied = await runLoad(
      { url: `http://localhost:${cluster.port}`, port: cluster.port, pids: () => cluster.nodes.map((n) => n.pid) },
      'cluster load, HAProxy + 3 nodes + PostgreSQL',
    );
    return [
      ...one.rows,
      ...proxied.rows,
      {
        metric: 'cluster load: fan-out p99, cluster / one process (steady; burst)',
        value: `${(proxied.steadyP99 / one.steadyP99).toFixed(2)}× ; ${(proxied.burstP99 / one.burstP99).toFixed(2)}×`,
      },
    ];
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
