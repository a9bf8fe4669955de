import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createMeeting, signUpHost, type HostAccount } from '../e2e/harness/accounts';
import { startServer, type RunningServer } from '../e2e/harness/server';
import { cpuSeconds } from './cpu';
import { guestAccess, joinAndConnect, postChat, type LoadParticipant } from './load/load-participant';
import { percentile, type BenchRow } from './table';

const ROOMS = Number(process.env.LOAD_ROOMS ?? 100);
const PER_ROOM = Number(process.env.LOAD_PER_ROOM ?? 10);
/** Sign-up is rate-limited (10 per 15 min per address): a few hosts, each with many meetings. */
const HOSTS = 4;
const MESSAGES = Number(process.env.LOAD_MESSAGES ?? 2000);
/** Chat messages a second, over all rooms. */
const RATE = Number(process.env.LOAD_RATE ?? 100);
const JOIN_CONCURRENCY = 20;
const DELIVERY_TIMEOUT_MS = 10_000;

/** Peak and current resident memory of a process, in MB (VmHWM and VmRSS from /proc). */
function memoryMb(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
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
export async function benchLoad(): Promise<BenchRow[]> {
  const server = await startServer();
  const participants: LoadParticipant[] = [];
  let heartbeat: ReturnType<typeof setInterval> | null = null;
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
      if (!message || !message.waitingFor.delete(p.id) || message.waitingFor.size > 0) return;
      latencies.push(at - message.sentAt);
      inFlight.delete(text);
    };

    // Joins: the host first in each room (with their session), then the guests with the shared link.
    const joinStarted = performance.now();
    const seats = meetings.flatMap((m) => Array.from({ length: PER_ROOM }, (_, seat) => ({ m, seat })));
    const joined = await inBatches(seats, JOIN_CONCURRENCY, ({ m, seat }) =>
      joinAndConnect(server, m.id, seat === 0 ? { cookie: m.host.cookie } : guestAccess(m.invite), seat === 0 ? 'Host' : `Guest ${seat}`, onChat),
    );
    participants.push(...joined);
    const joinSeconds = (performance.now() - joinStarted) / 1000;
    const roomSockets = participants.filter((p) => p.room.readyState === p.room.OPEN).length;
    const peerSockets = participants.filter((p) => p.peer?.readyState === p.peer?.OPEN).length;
    // PeerJS clients say they are alive every few seconds; the server drops silent ones after a minute.
    heartbeat = setInterval(() => participants.forEach((p) => p.peer?.send('{"type":"HEARTBEAT"}')), 20_000);
    const afterJoin = memoryMb(server.process.pid!);
    await new Promise((r) => setTimeout(r, 2_000));

    // Chat at a steady rate.
    const byRoom = new Map<string, LoadParticipant[]>();
    for (const p of participants) byRoom.set(p.meetingId, [...(byRoom.get(p.meetingId) ?? []), p]);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const cpuBefore = cpuSeconds(server.process.pid!);
    const clientCpuBefore = process.cpuUsage();
    const chatStarted = performance.now();
    const failedPosts: number[] = [];
    const posts: Promise<void>[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const due = chatStarted + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const sender = participants[Math.floor(Math.random() * participants.length)]!;
      const text = `load message ${i}`;
      const others = byRoom.get(sender.meetingId)!.filter((p) => p.id !== sender.id).map((p) => p.id);
      inFlight.set(text, { sentAt: performance.now(), senderId: sender.id, waitingFor: new Set(others) });
      posts.push(postChat(server, sender, text).then((status) => void (status === 201 || failedPosts.push(status))));
    }
    await Promise.all(posts);
    const deadline = performance.now() + DELIVERY_TIMEOUT_MS;
    while (inFlight.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const chatSeconds = (performance.now() - chatStarted) / 1000;
    const serverCpu = ((cpuSeconds(server.process.pid!) - cpuBefore) / chatSeconds) * 100;
    const clientCpu = process.cpuUsage(clientCpuBefore);
    loop.disable();
    const memory = memoryMb(server.process.pid!);

    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const rate = `${RATE} msg/s`;
    return [
      { metric: `load: participants joined (${ROOMS} rooms × ${PER_ROOM}, ${HOSTS} hosts)`, value: `${participants.length} in ${joinSeconds.toFixed(1)} s`, target: `${ROOMS * PER_ROOM}`, ok: participants.length === ROOMS * PER_ROOM },
      { metric: 'load: room channels / PeerJS sockets open', value: `${roomSockets} / ${peerSockets}` },
      { metric: `load: chat messages posted (${rate}, each to ${PER_ROOM - 1} others)`, value: `${MESSAGES - failedPosts.length} of ${MESSAGES}; ${latencies.length} delivered to everyone; ${inFlight.size} incomplete` , ok: failedPosts.length === 0 && inFlight.size === 0 },
      { metric: 'load: chat fan-out POST → last receiver, p50', value: `${p50.toFixed(1)} ms` },
      { metric: 'load: chat fan-out POST → last receiver, p99', value: `${p99.toFixed(1)} ms`, target: '< 50 ms', ok: p99 < 50 },
      { metric: 'load: chat fan-out, max', value: `${Math.max(...latencies).toFixed(1)} ms` },
      { metric: 'load: server memory (RSS) after the joins / at peak (VmHWM)', value: `${afterJoin.now.toFixed(0)} MB / ${memory.peak.toFixed(0)} MB` },
      { metric: `load: server CPU while chatting at ${rate}`, value: `${serverCpu.toFixed(0)} % of a core` },
      {
        metric: 'load: client process (all participants) CPU / event-loop delay p99',
        value: `${(((clientCpu.user + clientCpu.system) / 1e6 / chatSeconds) * 100).toFixed(0)} % / ${(loop.percentile(99) / 1e6).toFixed(1)} ms`,
      },
    ];
  } finally {
    if (heartbeat) clearInterval(heartbeat);
    for (const p of participants) p.close();
    await server.stop();
  }
}
