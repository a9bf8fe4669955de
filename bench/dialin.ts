import { OpusVoiceDecoder, OpusVoiceEncoder } from '../server/dialin/audio/opus.ts';
import { createMeeting, type HostAccount, signInContext, signUpHost } from '../e2e/harness/accounts.ts';
import { launchBrowser, openParticipant } from '../e2e/harness/browser.ts';
import { joinAs, waitForCount } from '../e2e/harness/room.ts';
import { api, type RunningServer, startServer } from '../e2e/harness/server.ts';
import { cpuPercentOver, cpuSeconds, mainThreadCpuSeconds } from './cpu.ts';
import { absoluteNow, CallerGroup, phonePlayout, startBusyLoops } from './dialin-callers.ts';
import { quantileBetween, type ScrapedHistogram, scrapeHistogram } from './histogram-window.ts';
import { type BenchRow, loadAverage, median } from './table.ts';

const AUTH_TOKEN = 'bench-token';
const METRICS_TOKEN = 'bench-metrics-token-0123456789';

/** The server's /metrics text (each scrape starts a new period for its main-thread stalls). */
async function scrape(server: RunningServer): Promise<string> {
  return String((await api<string>(server, 'GET', '/metrics', undefined, { authorization: `Bearer ${METRICS_TOKEN}` })).body);
}

/** The server's longest main-thread stall (ms) since the scrape before. */
function loopMaxOf(metrics: string): number {
  const max = /^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(metrics)?.[1];
  if (max === undefined) throw new Error('/metrics has no nodejs_eventloop_lag_max_seconds');
  return Number(max) * 1000;
}

/** Every frame's room → caller delay in the bridge, all calls (server/dialin/dial-in-service.ts). */
const DELAY_HISTOGRAM = 'meeting_dialin_room_to_caller_delay_seconds';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Server CPU (% of one core, all its threads) over `ms`. */
const cpuPercent = (server: RunningServer, ms: number) => cpuPercentOver(ms, () => cpuSeconds(server.process.pid!));

/** Opus's own algorithmic delay on the caller → room path: samples from a step in to the step out. */
function opusLookaheadMs(): number {
  const encoder = new OpusVoiceEncoder(8000);
  const decoder = new OpusVoiceDecoder(48000);
  const out: number[] = [];
  for (let f = 0; f < 10; f++) {
    // Silence, then from sample 800 (100 ms) a loud 1 kHz tone.
    const frame = Int16Array.from({ length: 160 }, (_, i) =>
      f * 160 + i >= 800 ? Math.round(12000 * Math.sin((2 * Math.PI * 1000 * (f * 160 + i)) / 8000)) : 0,
    );
    out.push(...decoder.decode(encoder.encode(frame)));
  }
  encoder.dispose();
  decoder.dispose();
  const onset = out.findIndex((s) => Math.abs(s) > 3000);
  return onset / 48 - 100;
}

interface CallEnd {
  uplink: { p50: number; p95: number };
  downlink: { p50: number; p95: number; frames: number };
  mixed: number;
  concealed: number;
  late: number;
  silent: number;
  skipped: number;
}

/** The bridge's own log line when a call ends: its measured delays in each direction, and the jitter buffers' counts. */
async function callEnd(server: RunningServer, callSid: string): Promise<CallEnd> {
  const pattern = new RegExp(
    `call ${callSid} ended .*uplink p50 ([\\d.]+) p95 ([\\d.]+) \\(\\d+ frames\\), downlink p50 ([\\d.]+) p95 ([\\d.]+) \\((\\d+) frames\\)` +
      '(?:; room → caller: (\\d+) frames mixed, (\\d+) concealed, (\\d+) packets late, (\\d+) silent, (\\d+) skipped)?',
  );
  const deadline = performance.now() + 15_000;
  for (;;) {
    const m = pattern.exec(server.output());
    if (m) {
      const n = (i: number) => Number(m[i] ?? 0);
      return {
        uplink: { p50: n(1), p95: n(2) },
        downlink: { p50: n(3), p95: n(4), frames: n(5) },
        mixed: n(6),
        concealed: n(7),
        late: n(8),
        silent: n(9),
        skipped: n(10),
      };
    }
    if (performance.now() > deadline) throw new Error(`no end-of-call line for ${callSid}`);
    await sleep(50);
  }
}

interface Meetings {
  /** The meeting with one Chromium host (its fake microphone is what a lone caller hears). */
  hosted: { pin: string; host: Awaited<ReturnType<typeof openParticipant>> };
  /** Meetings without browsers, for pairs of callers who hear each other. */
  pairs: string[];
}

async function pinOf(server: RunningServer, account: HostAccount, meetingId: string): Promise<string> {
  return (await api(server, 'GET', `/api/meetings/${meetingId}/dial-in`, undefined, { cookie: account.cookie })).body.pin as string;
}

async function setUpMeetings(server: RunningServer, browser: Awaited<ReturnType<typeof launchBrowser>>, pairs: number): Promise<Meetings> {
  const account = await signUpHost(server, 'Host');
  const meeting = await createMeeting(server, account, 'Bench hosted');
  const host = await openParticipant(browser, meeting.hostUrl, (c) => signInContext(c, server, account));
  await joinAs(host.page, 'Host');
  const pins: string[] = [];
  for (let i = 0; i < pairs; i++) pins.push(await pinOf(server, account, (await createMeeting(server, account, `Bench pair ${i + 1}`)).id));
  return { hosted: { pin: await pinOf(server, account, meeting.id), host }, pairs: pins };
}

/**
 * Where `count` callers go: the first (and an odd one out) into the meeting with the Chromium
 * host; the others two by two into meetings of their own, where each hears the other's tone.
 * So every caller hears one or two voices, as with one browser each.
 */
function placements(count: number, meetings: Meetings): { pin: string; partner: number | null }[] {
  const out: { pin: string; partner: number | null }[] = [{ pin: meetings.hosted.pin, partner: null }];
  for (let pair = 0; out.length + 2 <= count; pair++) {
    const i = out.length;
    out.push({ pin: meetings.pairs[pair]!, partner: i + 1 }, { pin: meetings.pairs[pair]!, partner: i });
  }
  if (out.length < count) out.push({ pin: meetings.hosted.pin, partner: null });
  return out;
}

const toneOf = (i: number) => 300 + 40 * i;

interface RowResult {
  count: number;
  load: string;
  onClock: number[];
  received: number[];
  /** Each caller's longest wait between two frames in the window (ms). */
  longestGaps: number[];
  ends: CallEnd[];
  cpuPerCaller: number;
  serverCpu: number;
  /** The server's main thread (sockets, werift, signalling), % of a core. */
  mainThreadCpu: number;
  /** The callers' thread's longest event-loop stall in the window: it times arrivals, so its stall would look like the server's. */
  callersLoopMax: number;
  /** The server main thread's longest stall in the window (its /metrics). */
  serverLoopMax: number;
  /** Room → caller delay of every frame mixed in the window, all callers (the server's histogram): p50, p95 (ms) and how many. */
  windowDelay: { p50: number; p95: number; count: number };
  wrongAudio: number;
}

async function measure(server: RunningServer, meetings: Meetings, count: number, seconds: number, idleCpu: number): Promise<RowResult> {
  const group = new CallerGroup(server.url, AUTH_TOKEN);
  let result: Omit<RowResult, 'ends' | 'load'>;
  try {
    for (const [i, place] of placements(count, meetings).entries()) {
      await group.dial({
        pin: place.pin,
        from: `+1555${String(i).padStart(7, '0')}`,
        toneHz: toneOf(i),
        hearsHz: place.partner === null ? null : toneOf(place.partner),
      });
    }
    await group.allHearing();
    await sleep(3000); // the jitter buffers find their depth
    const [before] = await Promise.all([scrape(server), group.loopMax()]);
    const from = absoluteNow();
    const mainBefore = mainThreadCpuSeconds(server.process.pid!);
    const serverCpu = await cpuPercent(server, seconds * 1000);
    const to = absoluteNow();
    const [after, callersStall] = await Promise.all([scrape(server), group.loopMax()]);
    const [delayFrom, delayTo] = [before, after].map((text) => scrapeHistogram(text, DELAY_HISTOGRAM)) as [
      ScrapedHistogram,
      ScrapedHistogram,
    ];
    const mainThreadCpu = ((mainThreadCpuSeconds(server.process.pid!) - mainBefore) / ((to - from) / 1000)) * 100;
    const playouts = (await group.arrivals()).map((arrivals) => phonePlayout(arrivals, from, to));
    result = {
      count,
      onClock: playouts.map((p) => (100 * (p.slots - p.underruns)) / p.slots),
      received: playouts.map((p) => (100 * p.received) / p.slots),
      longestGaps: playouts.map((p) => p.longestGapMs),
      cpuPerCaller: (serverCpu - idleCpu) / count,
      serverCpu,
      mainThreadCpu,
      callersLoopMax: callersStall,
      serverLoopMax: loopMaxOf(after),
      windowDelay: {
        p50: quantileBetween(delayFrom, delayTo, 0.5).ms,
        ...(({ ms, count }) => ({ p95: ms, count }))(quantileBetween(delayFrom, delayTo, 0.95)),
      },
      wrongAudio: await group.wrongAudio(),
    };
  } finally {
    await group.hangUpAll();
  }
  const ends = await Promise.all(group.callSids.map((callSid) => callEnd(server, callSid)));
  await waitForCount(meetings.hosted.host.page, 1);
  await sleep(1000);
  return { ...result, ends, load: loadAverage() };
}

function rowsOf(r: RowResult, scenario: string): BenchRow[] {
  const label = `dial-in ${r.count} caller${r.count > 1 ? 's' : ''}, ${scenario} (load ${r.load})`;
  const onClock = median(r.onClock);
  const worst = Math.min(...r.onClock);
  const p50 = median(r.ends.map((e) => e.downlink.p50));
  const p95 = Math.max(...r.ends.map((e) => e.downlink.p95));
  const mixed = r.ends.reduce((s, e) => s + e.mixed, 0);
  const sum = (key: 'concealed' | 'silent' | 'skipped') => r.ends.reduce((s, e) => s + e[key], 0);
  const share = (n: number) => `${mixed ? ((100 * n) / mixed).toFixed(2) : '0'} %`;
  return [
    {
      metric: `${label}: room → caller frames on the phone's 20 ms clock (median / worst caller)`,
      value:
        `${onClock.toFixed(2)} / ${worst.toFixed(2)} % (received ${median(r.received).toFixed(1)} %; longest gap ${Math.max(...r.longestGaps).toFixed(0)} ms` +
        `${r.wrongAudio ? `; ${r.wrongAudio} hear the wrong voice` : ''}; longest stall: server ${r.serverLoopMax.toFixed(0)}, callers ${r.callersLoopMax.toFixed(0)} ms)`,
      target: '≥ 99 %',
      ok: worst >= 99 && r.wrongAudio === 0,
    },
    {
      metric: `${label}: room → caller delay in the bridge, p50 / p95 (every packet mixed in the window, all callers)`,
      value:
        `${r.windowDelay.p50.toFixed(1)} / ${r.windowDelay.p95.toFixed(1)} ms (${r.windowDelay.count} packets; ` +
        `whole calls, set-up included: ${p50.toFixed(1)} / ${p95.toFixed(1)} ms, worst caller; ` +
        `frames: ${share(sum('concealed'))} concealed, ${share(sum('silent'))} silent, ${sum('skipped')} skipped)`,
      target: '< 60 ms p95',
      ok: r.windowDelay.p95 < 60,
    },
    {
      metric: `${label}: server CPU per caller`,
      value: `${r.cpuPerCaller.toFixed(1)} % of a core (server ${r.serverCpu.toFixed(0)} %, its main thread ${r.mainThreadCpu.toFixed(0)} %)`,
    },
  ];
}

/**
 * Dial-in bridge under load: 1, 5, 10 and 20 synthetic callers (fake Twilio streams playing
 * tones), the first in a meeting with one Chromium host, the rest in pairs who hear each
 * other; on a quiet machine, then beside two busy loops (`node -e "for(;;){}"`). Per row:
 * frames reaching each caller on a phone's 20 ms clock (phonePlayout: 40 ms of priming, late
 * frames played late), the delay the bridge measured itself (packet in → μ-law handed to
 * Twilio's socket) over the same window from the server's histogram, and over each whole call
 * (the set-up of the calls dialled after it included) from its end-of-call line, and server
 * CPU per caller. `DIALIN_BENCH=quiet` or `busy` runs one pass,
 * `DIALIN_BENCH_COUNTS=1,5` other counts, `DIALIN_BENCH_SECONDS` another window (20 s).
 */
export async function benchDialIn({
  seconds = Number(process.env.DIALIN_BENCH_SECONDS ?? 20),
  counts = (process.env.DIALIN_BENCH_COUNTS ?? '1,5,10,20').split(',').map(Number),
  passes = (process.env.DIALIN_BENCH ?? 'quiet,busy').split(','),
} = {}): Promise<BenchRow[]> {
  const max = Math.max(...counts);
  const server = await startServer({
    DIALIN_NUMBER: '+1 555 010 0199',
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    DIALIN_MAX_CALLS: String(max),
    METRICS_TOKEN,
  });
  const browser = await launchBrowser();
  const rows: BenchRow[] = [];
  try {
    const meetings = await setUpMeetings(server, browser, Math.floor((max - 1) / 2));
    for (const pass of passes) {
      const hogs = pass === 'busy' ? startBusyLoops(2) : null;
      const scenario = pass === 'busy' ? 'beside 2 busy loops' : 'quiet';
      try {
        await sleep(2000);
        const idle = await cpuPercent(server, 5000);
        for (const count of counts) {
          const logFrom = server.output().length;
          const result = await measure(server, meetings, count, seconds, idle).catch((error: Error) => error);
          if (result instanceof Error) {
            const warnings = server
              .output()
              .slice(logFrom)
              .split('\n')
              .filter((line) => /"level":"(warn|error)"/.test(line));
            process.stderr.write(`  ${scenario}, ${count} callers failed: ${result.message}\n${warnings.slice(-20).join('\n')}\n`);
            rows.push({
              metric: `dial-in ${count} callers, ${scenario} (load ${loadAverage()})`,
              value: `failed: ${result.message}`,
              ok: false,
            });
            await waitForCount(meetings.hosted.host.page, 1).catch(() => undefined);
            await sleep(2000);
            continue;
          }
          process.stderr.write(`  ${scenario}, ${count} callers: done (load ${result.load})\n`);
          rows.push(...rowsOf(result, scenario));
          if (pass === passes[0] && count === counts[0]) {
            const [end] = result.ends;
            rows.unshift(
              {
                metric: 'dial-in caller → room: bridge processing (μ-law → worker → Opus → RTP), p50 / p95',
                value: `${end!.uplink.p50.toFixed(2)} / ${end!.uplink.p95.toFixed(2)} ms`,
              },
              { metric: 'dial-in caller → room: + Opus look-ahead (libopus, measured)', value: `${opusLookaheadMs().toFixed(1)} ms` },
            );
          }
        }
      } finally {
        hogs?.stop();
      }
    }
    return rows;
  } finally {
    await browser.close();
    await server.stop();
  }
}
