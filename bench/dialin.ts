import { OpusVoiceDecoder, OpusVoiceEncoder } from '../server/dialin/audio/opus.ts';
import { createMeeting, signInContext, signUpHost } from '../e2e/harness/accounts.ts';
import { launchBrowser, openParticipant } from '../e2e/harness/browser.ts';
import { joinAs, waitForCount } from '../e2e/harness/room.ts';
import { api, startServer, type RunningServer } from '../e2e/harness/server.ts';
import { callInWithTone } from '../e2e/harness/twilio-caller.ts';
import { cpuPercentOver, cpuSeconds } from './cpu.ts';
import type { BenchRow } from './table.ts';

const AUTH_TOKEN = 'bench-token';

/** Server CPU (% of one core) over `ms`. */
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

async function meetingWithHost(server: RunningServer, browser: Awaited<ReturnType<typeof launchBrowser>>, title: string) {
  const account = await signUpHost(server, 'Host');
  const meeting = await createMeeting(server, account, title);
  const pin = (await api(server, 'GET', `/api/meetings/${meeting.id}/dial-in`, undefined, { cookie: account.cookie })).body.pin as string;
  const host = await openParticipant(browser, meeting.hostUrl, (c) => signInContext(c, server, account));
  await joinAs(host.page, 'Host');
  return { pin, host };
}

/** The bridge's own log line when a call ends: its measured delays in each direction. */
async function callEndLine(server: RunningServer, callSid: string): Promise<RegExpExecArray> {
  const pattern = new RegExp(
    `call ${callSid} ended .*uplink p50 ([\\d.]+) p95 ([\\d.]+) \\((\\d+) frames\\), downlink p50 ([\\d.]+) p95 ([\\d.]+) \\((\\d+) frames\\)`,
  );
  const deadline = performance.now() + 10_000;
  for (;;) {
    const match = pattern.exec(server.output());
    if (match) return match;
    if (performance.now() > deadline) throw new Error(`no end-of-call line for ${callSid}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function endCalls(server: RunningServer, calls: Awaited<ReturnType<typeof callInWithTone>>[]) {
  for (const call of calls) {
    call.player.stop();
    call.stream.stop();
  }
  return Promise.all(calls.map((c) => callEndLine(server, c.callSid)));
}

/**
 * Dial-in bridge: the delay it adds in each direction (its own per-frame measurement,
 * logged when a call ends, plus Opus's look-ahead) on one call with one Chromium
 * participant; then server CPU per concurrent caller, each caller in its own meeting
 * with one Chromium participant. (With three Chromiums on two cores the server gets
 * descheduled for up to 300 ms at times, which is why the delay is taken on one call.)
 */
export async function benchDialIn({ seconds = 10, callers = 3 } = {}): Promise<BenchRow[]> {
  const server = await startServer({ DIALIN_NUMBER: '+1 555 010 0199', TWILIO_AUTH_TOKEN: AUTH_TOKEN });
  const browser = await launchBrowser();
  try {
    const rooms = [await meetingWithHost(server, browser, 'Bench 1')];
    const single = await callInWithTone(server.url, AUTH_TOKEN, { pin: rooms[0]!.pin, from: '+15550000000', toneHz: 440 });
    await waitForCount(rooms[0]!.host.page, 2);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const [delays] = await endCalls(server, [single]);
    const ms = (index: number) => Number(delays![index]);
    await waitForCount(rooms[0]!.host.page, 1);

    while (rooms.length < callers) rooms.push(await meetingWithHost(server, browser, `Bench ${rooms.length + 1}`));
    const idle = await cpuPercent(server, seconds * 1000);
    const calls = [];
    for (const [i, room] of rooms.entries()) {
      calls.push(await callInWithTone(server.url, AUTH_TOKEN, { pin: room.pin, from: `+1555000001${i}`, toneHz: 440 }));
      await waitForCount(room.host.page, 2);
    }
    await new Promise((r) => setTimeout(r, 2000)); // let the connections settle
    const busy = await cpuPercent(server, seconds * 1000);
    await endCalls(server, calls);
    const perCaller = (busy - idle) / callers;
    return [
      {
        metric: 'dial-in caller → room: bridge processing (μ-law → Opus → RTP), p50 / p95',
        value: `${ms(1).toFixed(2)} / ${ms(2).toFixed(2)} ms`,
      },
      { metric: 'dial-in caller → room: + Opus look-ahead (libopus, measured)', value: `${opusLookaheadMs().toFixed(1)} ms` },
      {
        metric: 'dial-in room → caller: decode + jitter buffer + 20 ms clock, p50 / p95',
        value: `${ms(4).toFixed(1)} / ${ms(5).toFixed(1)} ms`,
        target: '< 80 ms p95',
        ok: ms(5) < 80,
      },
      {
        metric: `dial-in server CPU per concurrent caller (${callers} calls, 1 browser each)`,
        value: `${perCaller.toFixed(1)} % of a core`,
        target: '< 10 %',
        ok: perCaller < 10,
      },
      { metric: 'dial-in server CPU: idle rooms / with the calls', value: `${idle.toFixed(1)} % / ${busy.toFixed(1)} %` },
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}
