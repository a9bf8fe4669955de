import type { Browser, Page } from 'puppeteer-core';
import { createMeeting, signInContext, signUpHost, type HostAccount } from '../e2e/harness/accounts.ts';
import { launchBrowser, openParticipant, type ParticipantPage } from '../e2e/harness/browser.ts';
import { joinAs } from '../e2e/harness/room.ts';
import { startServer, type RunningServer } from '../e2e/harness/server.ts';
import { recordPeerConnections } from '../e2e/harness/webrtc.ts';
import { commandLine, cpuSeconds, processName, processTree, schedSeconds } from './cpu.ts';
import { meshCap } from '../pwa/src/network/bitrate-policy.ts';
import { busyFor, installSfuSwitchProbe, sent, sentOver, sfuPlayback, type SentOver } from './sfu-probes.ts';
import { loadAverage, median, type BenchRow } from './table.ts';

/** Janus's UDP ports in this bench: a connection whose selected pair leads here goes through Janus. */
const RTP: [number, number] = [26_000, 26_999];
const WARMUP_MS = 5_000;
const WINDOW_MS = 10_000;
const SWITCH_TRIALS = 3;
/** How long a page may take to play everyone (6 on the mesh saturates 2 cores): measured anyway after it. */
const PLAY_WAIT_MS = 60_000;

interface Measure {
  /** The measured page's renderer: % of a core it ran, and how many of its threads waited for a CPU, on average. */
  rendererCpu: number;
  rendererWait: number;
  janusCpu: number;
  /** Remote videos the measured page played at the end of the window. */
  playing: number;
  /** What it sent over the window. */
  sent: SentOver;
  load: string;
}

/**
 * Issue 19: the mesh against the SFU (Debian's Janus, started by our server) in one run. One
 * Chromium, a context per participant; the measured participant is the host, the first to join.
 * Upload: outbound-rtp bytesSent (payload, audio and video) summed over the host page's peer
 * connections over a window. CPU: the host page's renderer process, from /proc (utime + stime),
 * told apart from the other renderers by the one it got when it opened. Janus: its process's
 * CPU over the same window, per forwarded stream (publishers × subscribers, each video with its
 * audio). Switch: MESH_MAX=2, the third participant's join moves the meeting to Janus; timed from
 * the `media-mode` event (its first arrival at any page) to every page playing every remote video
 * through Janus (first frame of each Janus track).
 */
export async function benchSfu(): Promise<BenchRow[]> {
  const server = await startServer({
    SFU: 'janus',
    MESH_MAX: '2',
    JANUS_RTP_PORTS: `${RTP[0]}-${RTP[1]}`,
    JANUS_ICE_ENFORCE: '127.0.0.1',
    LOG_LEVEL: 'info',
  });
  const browser = await launchBrowser();
  try {
    const janusPid = await janusOf(server);
    const host = await signUpHost(server, 'Hanna Host');
    const m: Record<string, Measure> = {};
    for (const mode of ['sfu', 'mesh'] as const) {
      const call = await openCall(browser, server, host, mode);
      try {
        for (const size of [4, 6]) {
          await call.growTo(size);
          process.stderr.write(`  sfu bench: ${size} on the ${mode}, load ${loadAverage()}\n`);
          m[`${mode}${size}`] = await call.measure(janusPid);
        }
      } finally {
        await call.close();
      }
    }
    const switches = [];
    for (let trial = 0; trial < SWITCH_TRIALS; trial++) {
      process.stderr.write(`  sfu bench: switch trial ${trial + 1}, load ${loadAverage()}\n`);
      switches.push(await switchTrial(browser, server, host));
    }
    return rows(m, switches);
  } finally {
    await browser.close();
    await server.stop();
  }
}

function rows(m: Record<string, Measure>, switches: { all: number; perPage: number[] }[]): BenchRow[] {
  const kbps = (n: number) => `${n.toFixed(0)} kbit/s`;
  const pct = (n: number) => `${n.toFixed(0)} %`;
  const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const out: BenchRow[] = [];
  for (const size of [4, 6]) {
    const mesh = m[`mesh${size}`]!;
    const sfu = m[`sfu${size}`]!;
    const seen = (r: Measure) => `${describeVideo(r.sent)}; ${r.playing}/${size - 1} remote videos playing; load ${r.load}`;
    const streamsOk = mesh.sent.cameras === size - 1 && sfu.sent.cameras === 1;
    const cpu = (r: Measure) => `${pct(r.rendererCpu)} (${r.rendererWait.toFixed(1)} waiting)`;
    out.push(
      {
        metric: `[${size} people] one page's upload, mesh (the app caps each connection's video at ${meshCap(size - 1) / 1000} kbit/s)`,
        value: `${kbps(mesh.sent.kbps)}: ${seen(mesh)}`,
      },
      { metric: `[${size} people] one page's upload, SFU`, value: `${kbps(sfu.sent.kbps)}: ${seen(sfu)}` },
      { metric: `[${size} people] upload mesh / SFU`, value: x(mesh.sent.kbps, sfu.sent.kbps) },
      {
        metric: `[${size} people] camera streams one page sends (simulcast layers of one camera count once), mesh / SFU`,
        value: `${mesh.sent.cameras} / ${sfu.sent.cameras} (encodings: ${mesh.sent.streams.length} / ${sfu.sent.streams.length})`,
        target: `${size - 1} / 1`,
        ok: streamsOk,
      },
      {
        metric: `[${size} people] one page's renderer: % of a core it ran (its threads waiting for a CPU, on average), mesh / SFU`,
        value: `${cpu(mesh)} / ${cpu(sfu)}`,
      },
    );
  }
  out.push({
    metric: "SFU: one page's upload at 6 / at 4 (one stream's worth whatever the room size; the encoder adapts to CPU and bandwidth)",
    value: x(m.sfu6!.sent.kbps, m.sfu4!.sent.kbps),
  });
  for (const size of [4, 6]) {
    const streams = size * (size - 1);
    const r = m[`sfu${size}`]!;
    out.push({
      metric: `[${size} people] Janus CPU: ${pct(r.janusCpu)} of a core for ${streams} forwarded streams (video + audio each, load ${r.load}), per stream`,
      value: `${(r.janusCpu / streams).toFixed(2)} %`,
    });
  }
  const all = switches.map((s) => s.all);
  const perPage = switches.flatMap((s) => s.perPage);
  out.push(
    {
      metric: `switch (MESH_MAX=2, 3rd joins): media-mode → every page plays every remote through Janus, median / max of ${all.length}`,
      value: `${median(all).toFixed(0)} / ${Math.max(...all).toFixed(0)} ms`,
    },
    {
      metric: "switch: a page's own media-mode → it plays both remotes through Janus, median / max of its pages",
      value: `${median(perPage).toFixed(0)} / ${Math.max(...perPage).toFixed(0)} ms`,
    },
    { metric: 'sfu bench: load average (1/5/15 min) at the end', value: loadAverage() },
  );
  return out;
}

/** The sent videos in a few words: how many, their median frame size and rate, and how much of the window CPU or bandwidth limited them (when at all). */
function describeVideo({ streams }: SentOver): string {
  if (streams.length === 0) return 'no video';
  const mid = (pick: (v: SentOver['streams'][number]) => number) => median(streams.map(pick));
  // A stream that has encoded no frame yet has no size.
  const sized = streams.filter((v) => v.width > 0);
  const size = sized.length ? `${median(sized.map((v) => v.width))}×${median(sized.map((v) => v.height))}` : 'no frame size yet';
  const limited = (share: number, by: string) => (share > 0.005 ? `, ${by}-limited ${(share * 100).toFixed(0)} % of the time` : '');
  return (
    `${streams.length} × ${size} @ ${mid((v) => v.fps).toFixed(0)} fps` +
    limited(
      mid((v) => v.cpuLimited),
      'CPU',
    ) +
    limited(
      mid((v) => v.bandwidthLimited),
      'bandwidth',
    )
  );
}

/** A meeting pinned to the mesh or the SFU, with the host's page open and its renderer process known. */
async function openCall(browser: Browser, server: RunningServer, host: HostAccount, mode: 'mesh' | 'sfu') {
  const meeting = await createMeeting(server, host, `Bench: ${mode}`, { mediaMode: mode });
  const pages: ParticipantPage[] = [];
  const before = new Set(renderers(browser));
  const hostPage = await openParticipant(browser, meeting.hostUrl, {
    prepare: (c) => signInContext(c, server, host),
    beforeLoad: recordPeerConnections,
  });
  await joinAs(hostPage.page, 'Hanna Host');
  pages.push(hostPage);
  const rendererPid = await pickRenderer(
    hostPage.page,
    renderers(browser).filter((pid) => !before.has(pid)),
  );
  return {
    async growTo(size: number) {
      while (pages.length < size) {
        const guest = await openParticipant(browser, meeting.guestUrl, { beforeLoad: recordPeerConnections });
        await joinAs(guest.page, `Guest ${pages.length}`);
        pages.push(guest);
      }
    },
    async measure(janusPid: number): Promise<Measure> {
      const n = pages.length - 1;
      const deadline = Date.now() + PLAY_WAIT_MS;
      for (const { page } of pages) await waitUntil(() => playing(page).then((k) => k >= n), deadline - Date.now());
      await delay(WARMUP_MS);
      const sent0 = await sent(hostPage.page);
      const [cpu0, janus0, t0] = [schedSeconds(rendererPid), cpuSeconds(janusPid), performance.now()];
      await delay(WINDOW_MS);
      const sent1 = await sent(hostPage.page);
      const seconds = (performance.now() - t0) / 1000;
      const cpu1 = schedSeconds(rendererPid);
      return {
        rendererCpu: ((cpu1.ran - cpu0.ran) / seconds) * 100,
        rendererWait: (cpu1.waited - cpu0.waited) / seconds,
        janusCpu: ((cpuSeconds(janusPid) - janus0) / seconds) * 100,
        playing: await playing(hostPage.page),
        sent: sentOver(sent0, sent1),
        load: loadAverage().split(' ')[0]!,
      };
    },
    close: () => Promise.all(pages.map((p) => p.context.close())),
  };
}

/** One growth past MESH_MAX=2: two on the mesh, the third joins; times from the pages' own clocks. */
async function switchTrial(browser: Browser, server: RunningServer, host: HostAccount) {
  const meeting = await createMeeting(server, host, 'Bench: switch');
  const beforeLoad = async (page: Page) => {
    await recordPeerConnections(page);
    await installSfuSwitchProbe(page);
  };
  const pages: ParticipantPage[] = [];
  try {
    pages.push(await openParticipant(browser, meeting.hostUrl, { prepare: (c) => signInContext(c, server, host), beforeLoad }));
    await joinAs(pages[0]!.page, 'Hanna Host');
    pages.push(await openParticipant(browser, meeting.guestUrl, { beforeLoad }));
    await joinAs(pages[1]!.page, 'Grace');
    for (const { page } of pages) await waitUntil(() => playing(page).then((k) => k >= 1), PLAY_WAIT_MS);
    pages.push(await openParticipant(browser, meeting.guestUrl, { beforeLoad }));
    await joinAs(pages[2]!.page, 'Linus');
    const done = async () => {
      const seen = await Promise.all(pages.map(({ page }) => sfuPlayback(page, RTP)));
      return seen.every((s) => s.modeAt !== null && s.viaJanus.length >= 2) ? seen : null;
    };
    let seen = await done();
    const deadline = Date.now() + 90_000;
    while (!seen && Date.now() < deadline) {
      await delay(250);
      seen = await done();
    }
    if (!seen) throw new Error('the switch did not finish within 90 s: not every page plays both remotes through Janus');
    const modeAt = Math.min(...seen.map((s) => s.modeAt!));
    return {
      all: Math.max(...seen.flatMap((s) => s.viaJanus)) - modeAt,
      perPage: seen.map((s) => Math.max(...s.viaJanus) - s.modeAt!),
    };
  } finally {
    await Promise.all(pages.map((p) => p.context.close()));
  }
}

/** Our server's Janus: its child process named janus (the server writes its config and starts it). */
async function janusOf(server: RunningServer): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.output().includes('SFU: Janus started')) {
      const pid = processTree(server.process.pid!).find((p) => processName(p) === 'janus');
      if (pid) return pid;
    }
    await delay(100);
  }
  throw new Error(`Janus did not start:\n${server.output()}`);
}

/** The browser's renderer processes now. */
const renderers = (browser: Browser) => processTree(browser.process()!.pid!).filter((pid) => commandLine(pid).includes('--type=renderer'));

/** Of the renderers that appeared with the page, the one whose CPU time grows while the page spins. */
async function pickRenderer(page: Page, candidates: number[]): Promise<number> {
  if (candidates.length === 0) throw new Error('no new renderer process appeared with the page');
  if (candidates.length === 1) return candidates[0]!;
  const before = candidates.map(cpuSeconds);
  await busyFor(page, 500);
  const grew = candidates.map((pid, i) => cpuSeconds(pid) - before[i]!);
  return candidates[grew.indexOf(Math.max(...grew))]!;
}

const playing = (page: Page) =>
  page.$$eval('video[data-remote]', (videos) => (videos as HTMLVideoElement[]).filter((v) => v.videoWidth > 0 && v.readyState >= 2).length);

async function waitUntil(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + Math.max(0, ms);
  do {
    if (await check()) return true;
    await delay(250);
  } while (Date.now() < deadline);
  return false;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
