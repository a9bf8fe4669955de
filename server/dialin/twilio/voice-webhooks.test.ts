import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-app';
import { twilioSignature } from './signature';
import { MAX_PIN_ATTEMPTS, Prompt } from './voice-webhooks';

const AUTH_TOKEN = 'secret-token';
const PUBLIC = 'https://meet.example.org';
const dialIn = { number: '+1 555 010 0199', authToken: AUTH_TOKEN, maxCalls: 2 };

async function setup(overrides: Parameters<typeof createTestApp>[0] = {}) {
  const t = createTestApp({ publicUrl: PUBLIC, dialIn, ...overrides });
  const host = await t.signUp();
  const meeting = await t.createMeeting(host.headers);
  const info = await (await t.json('GET', `/api/meetings/${meeting.id}/dial-in`, undefined, host.headers)).json();
  /** POSTs a webhook as Twilio would, signed over the public URL. */
  const twilio = (pathAndQuery: string, params: Record<string, string>, signature?: string) => {
    const url = `${PUBLIC}${pathAndQuery}`;
    return t.app.request(`http://internal:3000${pathAndQuery}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature ?? twilioSignature(AUTH_TOKEN, url, Object.entries(params)),
      },
      body: new URLSearchParams(params).toString(),
    });
  };
  return { ...t, meetingId: meeting.id as string, pin: info.pin as string, twilio };
}

const call = { CallSid: 'CA0123456789abcdef0123456789abcdef', From: '+15551234567', To: '+15550100199' };

describe('Twilio voice webhooks', () => {
  it('answers an incoming call with a DTMF Gather for the PIN, posting back to the public URL', async () => {
    const { twilio } = await setup();
    const res = await twilio('/api/dial-in/twilio/voice', call);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    const xml = await res.text();
    expect(xml).toContain(`<Gather input="dtmf" action="${PUBLIC}/api/dial-in/twilio/pin?attempt=1" method="POST" numDigits="8"`);
    expect(xml).toContain(`<Say>${Prompt.Welcome}</Say>`);
  });

  it('connects the right PIN to a bidirectional stream with a single-use ticket', async () => {
    const { twilio, pin, meetingId, dialIn: service } = await setup();
    const xml = await (await twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: pin })).text();
    const stream = /<Connect><Stream url="wss:\/\/meet\.example\.org\/ws\/dial-in">(.*)<\/Stream><\/Connect>/.exec(xml);
    expect(stream).not.toBeNull();
    const params = Object.fromEntries([...stream![1]!.matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    expect(params).toMatchObject({ meetingId, callSid: call.CallSid });
    expect(xml).toMatch(/<\/Connect><Say>You have left the meeting\. Goodbye\.<\/Say><Hangup\/><\/Response>$/);
    expect(service.redeemTicket(params.ticket!, 'CAother')).toBeNull();
    // Redeeming consumed it, even with the wrong call: a ticket is good for one try.
    expect(service.redeemTicket(params.ticket!, call.CallSid)).toBeNull();
  });

  it.each([
    ['locked', Prompt.Locked],
    ['ended', Prompt.Ended],
  ])('says goodbye to a caller when the host %s the meeting (no one new enters)', async (what, prompt) => {
    const t = await setup();
    const host = t.store.read((d) => d.users[0]!);
    const meeting = t.store.read((d) => d.meetings.find((m) => m.id === t.meetingId)!);
    if (what === 'locked') t.hostControls.setLocked(t.meetingId, true);
    else await t.hostControls.end(meeting, host.name);
    const xml = await (await t.twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: t.pin })).text();
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><Say>${prompt}</Say><Hangup/></Response>`);
  });

  it('asks again after a wrong PIN, and says goodbye after the third', async () => {
    const { twilio, pin } = await setup();
    const wrong = pin === '12345678' ? '87654321' : '12345678';
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
    expect(await (await twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: pin })).text()).toContain(`<Say>${Prompt.Busy}</Say><Hangup/>`);
  });

  it('refuses unsigned, badly signed and wrongly addressed requests with 403', async () => {
    const { twilio, app } = await setup();
    const forbidden = async (res: Response) => {
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    };
    await forbidden(await twilio('/api/dial-in/twilio/voice', call, 'bm90IGEgc2lnbmF0dXJl'));
    await forbidden(await twilio('/api/dial-in/twilio/voice', call, twilioSignature('other-token', `${PUBLIC}/api/dial-in/twilio/voice`, Object.entries(call))));
    // Signed for another URL (e.g. the attempt counter reset by hand).
    await forbidden(await twilio('/api/dial-in/twilio/pin?attempt=1', call, twilioSignature(AUTH_TOKEN, `${PUBLIC}/api/dial-in/twilio/pin?attempt=3`, Object.entries(call))));
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
    const json = await app.request('/api/dial-in/twilio/voice', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
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
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(AUTH_TOKEN, url, Object.entries(call)) },
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
