import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulawToPcm } from '../server/dialin/audio/mulaw.ts';
import { SILENCE_LIMIT_MS } from '../server/dialin/bridge/rtc-link.ts';
import { goertzelPower, rms } from '../test/server/audio-signal.ts';
import { createMeeting, signInContext, signUpHost, type HostAccount } from './harness/accounts.ts';
import { launchBrowser, openParticipant, poll, type ParticipantPage } from './harness/browser.ts';
import { hostAction, joinAs, waitForCount, withPageState } from './harness/room.ts';
import { probeTileAudio } from './harness/tile-audio.ts';
import { api, startServer, type RunningServer } from './harness/server.ts';
import {
  callInWithTone,
  dialIn,
  FakeTwilioStream,
  gatherActionOf,
  holdTheLine,
  newCallSid,
  postWebhook,
  streamOf,
} from './harness/twilio-caller.ts';

const AUTH_TOKEN = 'test-auth-token';
const CALLER = '+15551234567';

/** `count` frames received, ending `skip` frames before the newest, as PCM. */
const windowOf = (stream: FakeTwilioStream, skip: number, count: number) => {
  const frames = stream.received.slice(0, stream.received.length - skip).slice(-count);
  return Int16Array.from(frames.flatMap((f) => [...mulawToPcm(f.mulaw)]));
};

/** The last `count` frames a fake caller received, as one stretch of 8 kHz samples. */
const lastSamples = (stream: FakeTwilioStream, count: number) => {
  const pcm = stream.received.slice(-count).map((f) => mulawToPcm(f.mulaw));
  return Int16Array.from(pcm.flatMap((f) => [...f]));
};

/** What the server logged at warn or error (the bridge says why audio stopped), for a failure's message. */
let serverWarnings = () => '';

async function until(condition: () => boolean, what: string | (() => string), timeoutMs = 20_000) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}\n${serverWarnings()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Call = Awaited<ReturnType<typeof callInWithTone>>;

describe('telephone dial-in bridged into a real Chromium call', () => {
  let server: RunningServer;
  let browser: Browser;
  let host: ParticipantPage;
  let meetingId = '';
  let pin = '';
  let first: Call | null = null;
  let second: Call | null = null;
  let phoneId = '';
  /** The host's session: only the host may mute or remove a caller. */
  let account: HostAccount;
  const hostHeaders = async () => ({ cookie: account.cookie });
  const tileMuted = (id: string, muted: boolean) =>
    host.page.waitForFunction(
      (pid, m) => document.querySelector(`[data-participant-id="${pid}"]`)?.getAttribute('data-audio-muted') === String(m),
      poll,
      id,
      muted,
    );

  beforeAll(async () => {
    server = await startServer({ DIALIN_NUMBER: '+1 555 010 0199', TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    serverWarnings = () =>
      server
        .output()
        .split('\n')
        .filter((line) => /"level":(40|50|"warn"|"error")/.test(line))
        .slice(-20)
        .join('\n');
    browser = await launchBrowser();
    account = await signUpHost(server, 'Ada');
    const meeting = await createMeeting(server, account, 'Dial-in');
    meetingId = meeting.id;
    const info = await api(server, 'GET', `/api/meetings/${meetingId}/dial-in`, undefined, { cookie: account.cookie });
    expect(info.body).toMatchObject({ enabled: true, number: '+1 555 010 0199' });
    pin = info.body.pin;
    host = await openParticipant(browser, meeting.hostUrl, (c) => signInContext(c, server, account));
    await joinAs(host.page, 'Ada');
  });

  afterAll(async () => {
    first?.player.stop();
    second?.player.stop();
    await browser?.close();
    await server?.stop();
  });

  it('connects a caller with the right PIN: a "Phone ·· 4567" tile, counted in the room', async () => {
    // The caller plays a 440 Hz tone, 20 ms frames, as Twilio streams a phone line.
    first = await callInWithTone(server.url, AUTH_TOKEN, { pin, from: CALLER, toneHz: 440 });
    // The stream's path names the meeting, so a proxy in front of many nodes sends it to the meeting's node.
    expect(first.instruction.url).toMatch(new RegExp(`^ws://localhost:\\d+/ws/dial-in/${meetingId}$`));
    expect(first.instruction.parameters).toMatchObject({ meetingId, callSid: first.callSid });
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
    const peak = await host.page.waitForFunction(() => {
      const p = (window as unknown as { __peak: () => { hz: number; db: number } }).__peak();
      return Math.abs(p.hz - 440) < 15 && p.db > -50 ? p : false;
    }, poll);
    const { hz, db } = (await peak.jsonValue()) as { hz: number; db: number };
    expect(Math.abs(hz - 440)).toBeLessThan(15);
    expect(db).toBeGreaterThan(-50);
    // The phone tile (no picture) shows that the caller is speaking.
    await host.page.waitForFunction(
      (id) => document.querySelector(`[data-participant-id="${id}"]`)?.getAttribute('data-speaking') === 'true',
      poll,
      phoneId,
    );
    if (process.env.DIALIN_SCREENSHOT) await host.page.screenshot({ path: process.env.DIALIN_SCREENSHOT });
  });

  it("lets the caller hear the room: Chromium's fake microphone beep arrives with energy", async () => {
    const loudest = () => Math.max(0, ...first!.stream.received.slice(-100).map((f) => rms(mulawToPcm(f.mulaw))));
    await until(() => loudest() > 1000, 'the room to reach the caller');
    // The bridge marks its audio now and then (to watch Twilio's playout); the fake Twilio echoes them.
    await until(() => first!.stream.marks.length > 0, 'a mark from the bridge');
    expect(first!.stream.protocolErrors).toEqual([]);
    // Paced like a phone line: never faster than a frame every 20 ms, measured over 4 s after the first second (when
    // the call starts, and whenever this test's own process was starved on a loaded machine, frames
    // arrive a few milliseconds apart or together; the rate is what a phone's buffer feels).
    await until(() => first!.stream.received.length >= 250, 'five seconds of audio to the caller', 60_000);
    const frames = first!.stream.received;
    const msPerFrame = (frames.at(-1)!.at - frames[50]!.at) / (frames.length - 51);
    expect(msPerFrame).toBeGreaterThan(19.5);
  });

  it('calls the page again when the connection it started with the page dies, and the room hears the caller again', async () => {
    // The caller came after the host, so the bridge called the host's page (the newcomer calls).
    // The page drops that connection under the bridge's feet, as a crashed tab would: close()
    // fires no event in the page, so its own code does not call back, and sends the bridge
    // nothing. The bridge hears nothing more on it (rtc-link.ts, SILENCE_LIMIT_MS), and calls again.
    const before = server.output().length;
    const tileTrack = () =>
      host.page.$eval(
        `[data-participant-id="${phoneId}"] video`,
        (v) => ((v as HTMLVideoElement).srcObject as MediaStream | null)?.getAudioTracks()[0]?.id ?? '',
      );
    const lostTrack = await tileTrack();
    const prototype = await host.page.evaluateHandle(() => RTCPeerConnection.prototype);
    const connections = await host.page.queryObjects(prototype);
    const dropped = await host.page.evaluate(
      (list) =>
        list.filter((pc) => {
          const phone = pc.connectionState === 'connected' && pc.remoteDescription?.sdp.includes('m=video') === false;
          if (phone) pc.close();
          return phone;
        }).length,
      connections,
    );
    await Promise.all([prototype.dispose(), connections.dispose()]);
    expect(dropped).toBe(1);
    await until(
      () => /calling again in \d+ ms/.test(server.output().slice(before)),
      'the bridge to call the page again',
      SILENCE_LIMIT_MS + 10_000,
    );
    // The page answered the new call: the tile plays its track, and the tone is heard again.
    await host.page.waitForFunction(
      (id, lost) => {
        const video = document.querySelector(`[data-participant-id="${id}"] video`) as HTMLVideoElement | null;
        const track = (video?.srcObject as MediaStream | null)?.getAudioTracks()[0];
        const p = (window as unknown as { __peak: () => { hz: number; db: number } }).__peak();
        return track?.readyState === 'live' && track.id !== lost && Math.abs(p.hz - 440) < 15 && p.db > -50;
      },
      poll,
      phoneId,
      lostTrack,
    );
  });

  it('connects two callers who hear each other but never themselves', async () => {
    second = await callInWithTone(server.url, AUTH_TOKEN, { pin, from: '+15559876543', toneHz: 1000 });
    await waitForCount(host.page, 3);
    // Caller 1 plays 440 Hz and hears caller 2's 1000 Hz; caller 2 the reverse.
    // Judged on half-second windows of the last two seconds: one where the other caller is clearly
    // heard, and none where the caller's own tone is. (On a loaded machine the test's own players
    // send late, so a single window may fall on a gap the bridge filled with silence.)
    const hears = (s: FakeTwilioStream, own: number, other: number) => {
      const windows = [0, 1, 2, 3].map((i) => windowOf(s, 25 * i, 25)).filter((w) => w.length > 0);
      const power = windows.map((w) => ({ other: goertzelPower(w, other, 8000), own: goertzelPower(w, own, 8000), rms: rms(w) }));
      return power.some((p) => p.other > 100 * p.own && p.rms > 1000) && power.every((p) => p.rms < 300 || p.own * 10 < p.other);
    };
    const heard = (s: FakeTwilioStream) => {
      const samples = lastSamples(s, 25);
      return `(${s.received.length} frames received; last 25: rms ${rms(samples).toFixed(0)}, 440 Hz ${goertzelPower(samples, 440, 8000).toExponential(1)}, 1000 Hz ${goertzelPower(samples, 1000, 8000).toExponential(1)})`;
    };
    await until(
      () => hears(first!.stream, 440, 1000),
      () => `caller 1 to hear caller 2 (1000 Hz) and not itself ${heard(first!.stream)}`,
    );
    await until(
      () => hears(second!.stream, 1000, 440),
      () => `caller 2 to hear caller 1 (440 Hz) and not itself ${heard(second!.stream)}`,
    );
  });

  it('lets the host mute the caller (tile shows it, audio stops) and the caller unmute with *6', async () => {
    const headers = await hostHeaders();
    const url = `/api/meetings/${meetingId}/dial-in/calls/${phoneId}/mute`;
    expect((await api(server, 'POST', url, { muted: true })).status).toBe(403); // not the host
    expect((await api(server, 'POST', url, { muted: true }, headers)).status).toBe(204);
    await tileMuted(phoneId, true);
    await host.page.waitForFunction(() => (window as unknown as { __peak: () => { db: number } }).__peak().db < -90, poll);
    first!.stream.sendDtmf('*');
    first!.stream.sendDtmf('6');
    await tileMuted(phoneId, false);
    await host.page.waitForFunction(() => Math.abs((window as unknown as { __peak: () => { hz: number } }).__peak().hz - 440) < 15, poll);
  });

  it('lets the host remove the caller: the call is hung up and the count drops', async () => {
    const res = await api(server, 'DELETE', `/api/meetings/${meetingId}/dial-in/calls/${phoneId}`, undefined, await hostHeaders());
    expect(res.status).toBe(204);
    expect(await first!.stream.closed).toMatchObject({ code: 1000 });
    await waitForCount(host.page, 2);
    expect(await host.page.$(`[data-participant-id="${phoneId}"]`)).toBeNull();
  });

  it('takes a caller who hangs up out of the room', async () => {
    second!.player.stop();
    second!.stream.stop();
    await waitForCount(host.page, 1);
    const participants = await api(server, 'GET', `/api/meetings/${meetingId}/participants`, undefined, { cookie: account.cookie });
    expect(participants.body.participants.map((p: { name: string }) => p.name)).toEqual(['Ada']);
  });

  it('rejects three wrong PINs with a goodbye and a hang-up', async () => {
    const base = { CallSid: newCallSid(), From: CALLER };
    const greeting = await postWebhook(`${server.url}/api/dial-in/twilio/voice`, base, AUTH_TOKEN);
    let action = gatherActionOf(greeting.text)!;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const reply = await postWebhook(action, { ...base, Digits: '00000000' === pin ? '11111111' : '00000000' }, AUTH_TOKEN);
      expect(reply.status).toBe(200);
      expect(streamOf(reply.text)).toBeNull();
      if (attempt < 3) action = gatherActionOf(reply.text)!;
      else expect(reply.text).toMatch(/<Say>Sorry, that PIN is not valid[^<]*<\/Say><Hangup\/>/);
    }
  });

  it('rejects unsigned and badly signed webhooks with 403', async () => {
    const url = `${server.url}/api/dial-in/twilio/voice`;
    const params = { CallSid: newCallSid(), From: CALLER };
    const unsigned = await postWebhook(url, params, AUTH_TOKEN, null);
    expect(unsigned.status).toBe(403);
    expect(JSON.parse(unsigned.text)).toMatchObject({ error: { code: 'forbidden' } });
    expect((await postWebhook(url, params, 'wrong-token')).status).toBe(403);
    expect((await postWebhook(url, params, AUTH_TOKEN, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=')).status).toBe(403);
  });

  it('does not bridge a stream for an unknown meeting, a forged ticket or a used one', async () => {
    // A meeting that existed when the PIN was typed, deleted before the stream starts.
    const auth = { cookie: account.cookie };
    const doomed = await api(
      server,
      'POST',
      '/api/meetings',
      { title: 'Gone', startsAt: new Date().toISOString(), durationMinutes: 5, waitingRoom: false },
      auth,
    );
    const doomedPin = (await api(server, 'GET', `/api/meetings/${doomed.body.id}/dial-in`, undefined, auth)).body.pin;
    const callSid = newCallSid();
    const reply = await dialIn(server.url, AUTH_TOKEN, { callSid, from: CALLER, pin: doomedPin });
    expect((await api(server, 'DELETE', `/api/meetings/${doomed.body.id}`, undefined, auth)).status).toBe(204);
    const gone = await FakeTwilioStream.open(streamOf(reply.text)!, callSid);
    expect((await gone.closed).code).toBe(1000);
    expect((await api(server, 'GET', `/api/meetings/${doomed.body.id}/dial-in`, undefined, auth)).status).toBe(404);

    const instruction = streamOf((await dialIn(server.url, AUTH_TOKEN, { callSid: newCallSid(), from: CALLER, pin })).text)!;
    const forged = await FakeTwilioStream.open(
      { ...instruction, parameters: { ...instruction.parameters, ticket: 'forged' } },
      instruction.parameters.callSid!,
    );
    expect((await forged.closed).code).toBe(1008);
    const reused = await FakeTwilioStream.open(instruction, 'CA-someone-else');
    expect((await reused.closed).code).toBe(1008);
    expect(await participantNames()).toEqual(['Ada']);
  });

  it('keeps a caller the host removed out by their number: calling again they wait until the host lets them back', async () => {
    const number = '+15550001111';
    const call = await callInWithTone(server.url, AUTH_TOKEN, { pin, from: number, toneHz: 440 });
    await host.page
      .waitForFunction(() => document.body.innerText.includes('Phone ·· 1111'), poll)
      .catch(async (e) => Promise.reject(await withPageState(host.page, e)));
    await hostAction(host.page, 'Phone ·· 1111', 'remove-participant');
    expect((await call.stream.closed).code).toBe(1000);
    call.player.stop();
    await waitForCount(host.page, 1);

    // The same number (no waiting room in this meeting) is held on the line, not bridged.
    const callSid = newCallSid();
    const reply = await dialIn(server.url, AUTH_TOKEN, { callSid, from: number, pin });
    expect(streamOf(reply.text)).toBeNull();
    expect(reply.text).toContain('Please wait');
    const line = holdTheLine(reply, AUTH_TOKEN, { callSid, from: number });
    await host.page.click('[data-action=waiting]');
    await host.page
      .waitForFunction(() => {
        const waiter = document.querySelector('.waiter')?.textContent ?? '';
        return waiter.includes('Phone ·· 1111') && waiter.includes('(by phone)') && waiter.includes('(removed earlier)');
      }, poll)
      .catch(async (e) => Promise.reject(await withPageState(host.page, e)));
    expect(await participantNames()).toEqual(['Ada']);
    await host.page.click('.waiter [data-action=admit]');
    const admitted = await line;
    const instruction = streamOf(admitted.text);
    expect(instruction).not.toBeNull();
    const back = await FakeTwilioStream.open(instruction!, callSid);
    await waitForCount(host.page, 2);
    expect(await participantNames()).toEqual(['Ada', 'Phone ·· 1111']);
    back.stop();
    await waitForCount(host.page, 1);
    await host.page.click('[data-action=waiting]');
  });

  const participantNames = async () =>
    (await api(server, 'GET', `/api/meetings/${meetingId}/participants`, undefined, { cookie: account.cookie })).body.participants.map(
      (p: { name: string }) => p.name,
    );
});
