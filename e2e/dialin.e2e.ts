import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcmToMulaw, mulawToPcm } from '../server/dialin/audio/mulaw';
import { rms, sineFrame } from '../server/dialin/audio/signal';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser';
import { joinAs, waitForCount, withPageState } from './harness/room';
import { api, startServer, type RunningServer } from './harness/server';
import {
  dialIn,
  FakeTwilioStream,
  gatherActionOf,
  newCallSid,
  playFrames,
  postWebhook,
  streamOf,
} from './harness/twilio-caller';

const AUTH_TOKEN = 'test-auth-token';
const CALLER = '+15551234567';

/** Installs an AnalyserNode on the audio of one participant's tile (window.__probe). */
async function probeTileAudio(page: Page, participantId: string) {
  await page.waitForFunction(
    (id) => ((document.querySelector(`[data-participant-id="${id}"] video`) as HTMLVideoElement | null)?.srcObject as MediaStream | null)?.getAudioTracks().length === 1,
    poll,
    participantId,
  );
  await page.evaluate(async (id) => {
    const video = document.querySelector(`[data-participant-id="${id}"] video`) as HTMLVideoElement;
    const context = new AudioContext();
    await context.resume();
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    analyser.smoothingTimeConstant = 0;
    context.createMediaStreamSource(video.srcObject as MediaStream).connect(analyser);
    (window as unknown as { __probe: unknown }).__probe = { context, analyser };
  }, participantId);
}

/** Strongest frequency (Hz) and its level (dBFS) the probe hears right now. */
const PEAK_FN = () => {
  const { context, analyser } = (window as unknown as { __probe: { context: AudioContext; analyser: AnalyserNode } }).__probe;
  const bins = new Float32Array(analyser.frequencyBinCount);
  analyser.getFloatFrequencyData(bins);
  let best = 0;
  for (let i = 1; i < bins.length; i++) if (bins[i]! > bins[best]!) best = i;
  return { hz: (best * context.sampleRate) / analyser.fftSize, db: bins[best]! };
};

describe('telephone dial-in bridged into a real Chromium call', () => {
  let server: RunningServer;
  let browser: Browser;
  let host: ParticipantPage;
  let meetingId = '';
  let pin = '';
  let stream: FakeTwilioStream | null = null;
  let player: ReturnType<typeof playFrames> | null = null;
  let phoneId = '';

  beforeAll(async () => {
    server = await startServer({ DIALIN_NUMBER: '+1 555 010 0199', TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    browser = await launchBrowser();
    const meeting = await api(server, 'POST', '/api/meetings', { title: 'Dial-in', startsAt: new Date().toISOString(), durationMinutes: 30 });
    meetingId = meeting.body.id;
    const info = await api(server, 'GET', `/api/meetings/${meetingId}/dial-in`);
    expect(info.body).toMatchObject({ enabled: true, number: '+1 555 010 0199' });
    pin = info.body.pin;
    host = await openParticipant(browser, `${server.url}/m/${meetingId}`);
    await joinAs(host.page, 'Ada');
  });

  afterAll(async () => {
    player?.stop();
    await browser?.close();
    await server?.stop();
  });

  it('connects a caller with the right PIN: a "Phone ·· 4567" tile, counted in the room', async () => {
    const callSid = newCallSid();
    const reply = await dialIn(server.url, AUTH_TOKEN, { callSid, from: CALLER, pin });
    expect(reply.status).toBe(200);
    const instruction = streamOf(reply.text);
    expect(instruction?.url).toMatch(/^ws:\/\/localhost:\d+\/ws\/dial-in$/);
    expect(instruction?.parameters).toMatchObject({ meetingId, callSid });
    stream = await FakeTwilioStream.open(instruction!, callSid);
    // The caller plays a 440 Hz tone, 20 ms frames, as Twilio streams a phone line.
    player = playFrames(stream, (i) => pcmToMulaw(sineFrame(440, 8000, 160, 10_000, i * 160)));
    try {
      await waitForCount(host.page, 2);
      await host.page.waitForFunction(() => document.body.innerText.includes('Phone ·· 4567'), poll);
    } catch (error) {
      throw await withPageState(host.page, error as Error);
    }
    phoneId = await host.page.$eval('[data-participant-id]:not([data-self])', (el) => el.getAttribute('data-participant-id')!);
  });

  it("lets the room hear the caller: the tile's audio peaks at 440 Hz", async () => {
    await probeTileAudio(host.page, phoneId);
    const peak = await host.page.waitForFunction(
      (fn: string) => {
        const p = (0, eval)(fn)();
        return Math.abs(p.hz - 440) < 15 && p.db > -50 ? p : false;
      },
      poll,
      `(${PEAK_FN.toString()})`,
    );
    const { hz, db } = (await peak.jsonValue()) as { hz: number; db: number };
    expect(Math.abs(hz - 440)).toBeLessThan(15);
    expect(db).toBeGreaterThan(-50);
  });

  it("lets the caller hear the room: Chromium's fake microphone beep arrives with energy", async () => {
    const loudest = () => Math.max(0, ...stream!.received.slice(-100).map((f) => rms(mulawToPcm(f.mulaw))));
    const deadline = performance.now() + 20_000;
    while (loudest() < 1000 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(loudest()).toBeGreaterThan(1000);
    expect(stream!.protocolErrors).toEqual([]);
    // Paced like a phone line: no more than a frame every 20 ms on average.
    const frames = stream!.received;
    const span = frames.at(-1)!.at - frames[0]!.at;
    expect(frames.length).toBeLessThanOrEqual(span / 20 + 3);
  });
});
