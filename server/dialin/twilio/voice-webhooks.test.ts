import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/server/test-app.ts';
import { redirectOf, ticketOf, twilioPoster } from '../../../test/server/twilio-webhook.ts';
import { twilioSignature } from './signature.ts';
import { LIMITS } from '../../limits/limits.ts';

const PIN_LIMITS = { perNumber: LIMITS.wrongPinsPerNumber, globalPerMinute: LIMITS.wrongPinsPerMinute };
import { MAX_PIN_ATTEMPTS, Prompt } from './voice-webhooks.ts';

const AUTH_TOKEN = 'secret-token';
const PUBLIC = 'https://meet.example.org';
const dialIn = { number: '+1 555 010 0199', authToken: AUTH_TOKEN, maxCalls: 2 };

async function setup(overrides: Parameters<typeof createTestApp>[0] = {}) {
  const t = createTestApp({ publicUrl: PUBLIC, dialIn, ...overrides });
  const host = await t.signUp();
  const meeting = await t.createMeeting(host.headers);
  const info = await (await t.json('GET', `/api/meetings/${meeting.id}/dial-in`, undefined, host.headers)).json();
  const twilio = twilioPoster(t.app, PUBLIC, AUTH_TOKEN);
  return { ...t, host, meetingId: meeting.id as string, pin: info.pin as string, twilio };
}

const call = { CallSid: 'CA0123456789abcdef0123456789abcdef', From: '+15551234567', To: '+15550100199' };

describe('Twilio voice webhooks', () => {
  it('answers an incoming call with a DTMF Gather for the PIN, posting back to the public URL', async () => {
    const { twilio } = await setup();
    const res = await twilio('/api/dial-in/twilio/voice', call);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    const xml = await res.text();
    expect(xml).toContain(`<Gather input="dtmf" action="${PUBLIC}/api/dial-in/twilio/pin?attempt=1" method="POST" numDigits="10"`);
    expect(xml).toContain(`<Say>${Prompt.Welcome}</Say>`);
  });

  it('connects the right PIN to a bidirectional stream with a single-use ticket', async () => {
    const { twilio, pin, meetingId, dialIn: service } = await setup();
    const xml = await (await twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: pin })).text();
    // The stream URL names the meeting, so a proxy sends it to the meeting's node.
    const stream = new RegExp(`<Connect><Stream url="wss://meet\\.example\\.org/ws/dial-in/${meetingId}">(.*)</Stream></Connect>`).exec(
      xml,
    );
    expect(stream).not.toBeNull();
    const params = Object.fromEntries([...stream![1]!.matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    expect(params).toMatchObject({ meetingId, callSid: call.CallSid });
    expect(xml).toMatch(/<\/Connect><Say>You have left the meeting\. Goodbye\.<\/Say><Hangup\/><\/Response>$/);
    expect(service.redeemTicket(params.ticket!, 'CAother')).toBeNull();
    expect(service.redeemTicket(params.ticket!, call.CallSid)).toMatchObject({ meetingId, callSid: call.CallSid });
    expect(service.redeemTicket(params.ticket!, call.CallSid)).toBeNull();
  });

  it.each([
    ['locked', Prompt.Locked],
    ['ended', Prompt.Ended],
  ])('says goodbye to a caller when the host %s the meeting (no one new enters)', async (what, prompt) => {
    const t = await setup();
    const host = (await t.storage.dump()).users[0]!;
    const meeting = (await t.storage.meetings.byId(t.meetingId))!;
    if (what === 'locked') await t.hostControls.setLocked(t.meetingId, true);
    else await t.hostControls.end(meeting, host.name);
    const xml = await (await t.twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: t.pin })).text();
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><Say>${prompt}</Say><Hangup/></Response>`);
  });

  it('asks again after a wrong PIN, and says goodbye after the third', async () => {
    const { twilio, pin } = await setup();
    const wrong = pin === '1234567890' ? '0987654321' : '1234567890';
    for (let attempt = 1; attempt < MAX_PIN_ATTEMPTS; attempt++) {
      const xml = await (await twilio(`/api/dial-in/twilio/pin?attempt=${attempt}`, { ...call, Digits: wrong })).text();
      expect(xml).toContain(`action="${PUBLIC}/api/dial-in/twilio/pin?attempt=${attempt + 1}"`);
      expect(xml).toContain(Prompt.Retry);
    }
    const last = await (await twilio(`/api/dial-in/twilio/pin?attempt=${MAX_PIN_ATTEMPTS}`, { ...call, Digits: wrong })).text();
    expect(last).toContain(`<Say>${Prompt.Rejected}</Say><Hangup/>`);
    expect(last).not.toContain('<Stream');
  });

  it.each([
    ['nothing typed', {}],
    ['too few digits', { Digits: '123' }],
    ['letters', { Digits: 'abcdefgh' }],
  ])('treats %s as a wrong PIN', async (_what, extra) => {
    const { twilio } = await setup();
    expect(await (await twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, ...extra })).text()).toContain(Prompt.Retry);
  });

  it('counts a tampered attempt number as the last one', async () => {
    const { twilio } = await setup();
    expect(await (await twilio('/api/dial-in/twilio/pin?attempt=0', { ...call, Digits: '1' })).text()).toContain(Prompt.Rejected);
  });

  it('turns callers away politely when every line is busy', async () => {
    const { twilio, pin } = await setup({ dialIn: { ...dialIn, maxCalls: 0 } });
    expect(await (await twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: pin })).text()).toContain(
      `<Say>${Prompt.Busy}</Say><Hangup/>`,
    );
  });

  it('refuses unsigned, badly signed and wrongly addressed requests with 403', async () => {
    const { twilio, app } = await setup();
    const forbidden = async (res: Response) => {
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    };
    await forbidden(await twilio('/api/dial-in/twilio/voice', call, 'bm90IGEgc2lnbmF0dXJl'));
    await forbidden(
      await twilio(
        '/api/dial-in/twilio/voice',
        call,
        twilioSignature('other-token', `${PUBLIC}/api/dial-in/twilio/voice`, Object.entries(call)),
      ),
    );
    // Signed for another URL (e.g. the attempt counter reset by hand).
    await forbidden(
      await twilio(
        '/api/dial-in/twilio/pin?attempt=1',
        call,
        twilioSignature(AUTH_TOKEN, `${PUBLIC}/api/dial-in/twilio/pin?attempt=3`, Object.entries(call)),
      ),
    );
    await forbidden(
      await app.request('/api/dial-in/twilio/voice', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(call).toString(),
      }),
    );
  });

  it('answers 4xx, never 500, to malformed requests', async () => {
    const { twilio, app } = await setup();
    const json = await app.request('/api/dial-in/twilio/voice', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    const missing = await twilio('/api/dial-in/twilio/voice', { From: '+1' });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.code).toBe('validation_failed');
    const bad = await twilio('/api/dial-in/twilio/voice', { CallSid: '<script>' });
    expect(bad.status).toBe(400);
    expect((await app.request('/api/dial-in/twilio/voice')).status).toBe(404);
  });

  it('checks the signature against the request URL when no PUBLIC_URL is set', async () => {
    const t = createTestApp({ publicUrl: null, dialIn });
    const url = 'http://localhost/api/dial-in/twilio/voice';
    const res = await t.app.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(AUTH_TOKEN, url, Object.entries(call)),
      },
      body: new URLSearchParams(call).toString(),
    });
    expect(res.status).toBe(200);
  });

  it('answers 404 when dial-in is not configured', async () => {
    const t = createTestApp({ dialIn: null });
    const res = await t.app.request('/api/dial-in/twilio/voice', { method: 'POST' });
    expect(res.status).toBe(404);
  });
});

describe('dial-in PINs as a way in', () => {
  it('gives a replayed right-PIN webhook the same ticket, and nothing once the call used it', async () => {
    const { twilio, pin, dialIn: service } = await setup();
    const answers = await Promise.all(
      [1, 2, 3].map(async () => (await twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: pin })).text()),
    );
    const tickets = answers.map(ticketOf);
    expect(tickets[0]).toBeTruthy();
    expect(new Set(tickets).size).toBe(1);
    expect(service.redeemTicket(tickets[0]!, call.CallSid)).not.toBeNull();
    const replay = await (await twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: pin })).text();
    expect(ticketOf(replay)).toBeNull();
    expect(replay).toContain(`<Say>${Prompt.AlreadyIn}</Say><Hangup/>`);
  });

  it('gives a new PIN with a new link; the old one no longer works', async () => {
    const t = await setup();
    expect((await t.json('POST', `/api/meetings/${t.meetingId}/link`, undefined, t.host.headers)).status).toBe(200);
    const fresh = await (await t.json('GET', `/api/meetings/${t.meetingId}/dial-in`, undefined, t.host.headers)).json();
    expect(fresh.pin).toMatch(/^\d{10}$/);
    expect(fresh.pin).not.toBe(t.pin);
    expect(await (await t.twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: t.pin })).text()).toContain(Prompt.Retry);
    expect(ticketOf(await (await t.twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: fresh.pin })).text())).toBeTruthy();
  });

  it('stops a guesser: 3,000 wrong PINs over 1,000 calls from one number are cut off, and then the right PIN waits too', async () => {
    const { twilio, pin } = await setup();
    const wrong = pin === '1234567890' ? '0987654321' : '1234567890';
    let tryLater = 0;
    let attempts = 0;
    for (let n = 0; n < 1000; n++) {
      for (let attempt = 1; attempt <= MAX_PIN_ATTEMPTS; attempt++) {
        const xml = await (
          await twilio(`/api/dial-in/twilio/pin?attempt=${attempt}`, { ...call, CallSid: `CAguess${n}`, Digits: wrong })
        ).text();
        attempts++;
        if (xml.includes(Prompt.TryLater)) {
          tryLater++;
          break; // the line is hung up
        }
      }
    }
    // One number spends its own budget; every later call of it is turned away before its PIN is read.
    expect(attempts - tryLater).toBe(PIN_LIMITS.perNumber.max);
    const right = await (await twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, CallSid: 'CAright', Digits: pin })).text();
    expect(right).toContain(Prompt.TryLater);
    expect(ticketOf(right)).toBeNull();
  });

  it('stops guessing spread over many numbers with one budget for all calls', async () => {
    const { twilio, pin } = await setup();
    const wrong = pin === '1234567890' ? '0987654321' : '1234567890';
    const answers: string[] = [];
    for (let n = 0; n < 100; n++) {
      answers.push(
        await (
          await twilio('/api/dial-in/twilio/pin?attempt=1', {
            ...call,
            CallSid: `CAmany${n}`,
            From: `+1555${String(n).padStart(7, '0')}`,
            Digits: wrong,
          })
        ).text(),
      );
    }
    expect(answers.filter((a) => a.includes(Prompt.Retry))).toHaveLength(PIN_LIMITS.globalPerMinute.max);
    const someoneElse = await (
      await twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, CallSid: 'CAhonest', From: '+447700900123', Digits: pin })
    ).text();
    expect(someoneElse).toContain(Prompt.TryLater);
  });
});

describe('dial-in and the waiting room', () => {
  async function waitingSetup() {
    const t = await setup();
    const meeting = await t.createMeeting(t.host.headers, 'With a waiting room', { waitingRoom: true });
    const info = await (await t.json('GET', `/api/meetings/${meeting.id}/dial-in`, undefined, t.host.headers)).json();
    return { ...t, meetingId: meeting.id, pin: info.pin as string };
  }
  const waiting = async (t: Awaited<ReturnType<typeof waitingSetup>>) =>
    (await (await t.json('GET', `/api/meetings/${t.meetingId}/lobby`, undefined, t.host.headers)).json()).waiting;

  it('holds the caller on the line until the host admits them, then bridges them in', async () => {
    const t = await waitingSetup();
    const first = await (await t.twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: t.pin })).text();
    expect(first).toContain(`<Say>${Prompt.Waiting}</Say><Pause length="3"/>`);
    expect(ticketOf(first)).toBeNull();
    const poll = redirectOf(first, PUBLIC)!;
    expect(poll).toMatch(new RegExp(`^/api/dial-in/twilio/wait\\?meeting=${t.meetingId}&waiter=\\w+&n=1$`));
    const [waiter] = await waiting(t);
    expect(waiter).toMatchObject({ name: 'Phone ·· 4567', byPhone: true, removedBefore: false });
    // The host's assistant says so; nobody is in the room yet.
    expect(t.hub.participants(t.meetingId)).toEqual([]);

    const still = await (await t.twilio(poll, call)).text();
    expect(still).not.toContain('<Say>');
    expect(redirectOf(still, PUBLIC)).toMatch(/&n=2$/);
    // Someone else's call cannot take this place in the queue.
    expect(await (await t.twilio(poll, { ...call, CallSid: 'CAsomeoneelse' })).text()).toContain(Prompt.WaitOver);

    expect((await t.json('POST', `/api/meetings/${t.meetingId}/lobby/${waiter.id}/admit`, undefined, t.host.headers)).status).toBe(204);
    expect(t.hub.participants(t.meetingId)).toEqual([]);
    const admitted = await (await t.twilio(redirectOf(still, PUBLIC)!, call)).text();
    expect(admitted).toContain(Prompt.LetIn);
    expect(ticketOf(admitted)).toBeTruthy();
    expect(await waiting(t)).toEqual([]);
  });

  it('tells a declined caller so, and hangs up', async () => {
    const t = await waitingSetup();
    const first = await (await t.twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: t.pin })).text();
    const [waiter] = await waiting(t);
    expect((await t.json('POST', `/api/meetings/${t.meetingId}/lobby/${waiter.id}/decline`, undefined, t.host.headers)).status).toBe(204);
    const answer = await (await t.twilio(redirectOf(first, PUBLIC)!, call)).text();
    expect(answer).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><Say>${Prompt.Declined}</Say><Hangup/></Response>`);
  });

  it('turns away a waiting caller once the link (and with it the PIN) was renewed', async () => {
    const t = await waitingSetup();
    const first = await (await t.twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: t.pin })).text();
    const [waiter] = await waiting(t);
    await t.json('POST', `/api/meetings/${t.meetingId}/link`, undefined, t.host.headers);
    expect((await t.json('POST', `/api/meetings/${t.meetingId}/lobby/${waiter.id}/admit`, undefined, t.host.headers)).status).toBe(204);
    expect(await (await t.twilio(redirectOf(first, PUBLIC)!, call)).text()).toContain(Prompt.Declined);
  });

  it('keeps one place per call however often Twilio replays the PIN webhook', async () => {
    const t = await waitingSetup();
    for (let i = 0; i < 3; i++) await t.twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: t.pin });
    expect(await waiting(t)).toHaveLength(1);
  });

  it('answers a malformed poll with 400', async () => {
    const t = await waitingSetup();
    expect((await t.twilio('/api/dial-in/twilio/wait?meeting=x&waiter=y', call)).status).toBe(400);
  });
});
