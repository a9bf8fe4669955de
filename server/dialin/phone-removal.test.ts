import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/server/test-app.ts';
import { redirectOf, ticketOf, twilioPoster } from '../../test/server/twilio-webhook.ts';
import { phoneSeatBridge, silentCallerStream } from '../../test/server/phone-seat-bridge.ts';
import { Prompt } from './twilio/voice-webhooks.ts';

const PUBLIC = 'https://meet.example.org';
const AUTH_TOKEN = 'secret-token';
async function setup() {
  let t!: ReturnType<typeof createTestApp>;
  t = createTestApp(
    { publicUrl: PUBLIC, dialIn: { number: '+1 555 010 0199', authToken: AUTH_TOKEN, maxCalls: 5 } },
    { startBridge: phoneSeatBridge(() => t.hub) },
  );
  const host = await t.signUp();
  const meeting = await t.createMeeting(host.headers, 'No waiting room', { waitingRoom: false });
  const pin = (await (await t.json('GET', `/api/meetings/${meeting.id}/dial-in`, undefined, host.headers)).json()).pin as string;
  const twilio = twilioPoster(t.app, PUBLIC, AUTH_TOKEN);
  const dial = async (CallSid: string, From?: string) =>
    (await twilio('/api/dial-in/twilio/pin?attempt=1', { CallSid, Digits: pin, ...(From ? { From } : {}) })).text();
  /** Dials, and bridges the call in with its ticket as the Media Stream would. */
  async function callIn(CallSid: string, From?: string) {
    const xml = await dial(CallSid, From);
    const ticket = t.dialIn.redeemTicket(ticketOf(xml)!, CallSid)!;
    await t.dialIn.connectCall(ticket, silentCallerStream(CallSid));
    return t.hub.participants(meeting.id).find((p) => p.role === 'phone' && !seen.has(p.id) && seen.add(p.id))!;
  }
  const seen = new Set<string>();
  return { ...t, host, meetingId: meeting.id, dial, callIn };
}

describe('removing a phone caller', () => {
  it("keeps their number out of the room (it waits for the host), and nobody else's", async () => {
    const t = await setup();
    const caller = await t.callIn('CAfirst', '+15551234567');
    expect(caller).toMatchObject({ name: 'Phone ·· 4567', role: 'phone' });
    expect((await t.json('DELETE', `/api/meetings/${t.meetingId}/participants/${caller.id}`, undefined, t.host.headers)).status).toBe(204);
    expect(t.hub.participants(t.meetingId)).toEqual([]);
    const removal = (await t.storage.meetings.byId(t.meetingId))!.removedGuests;
    expect(removal).toEqual([{ name: 'Phone ·· 4567', inviteId: null, deviceId: null, phone: expect.any(String), at: expect.any(String) }]);
    expect(JSON.stringify(removal)).not.toContain('5551234567');

    // The same number (written differently) calls again: it waits for the host, with a note that it was removed.
    const again = await t.dial('CAagain', '+1 555 123 4567');
    expect(again).toContain(Prompt.Waiting);
    expect(ticketOf(again)).toBeNull();
    const { waiting } = await (await t.json('GET', `/api/meetings/${t.meetingId}/lobby`, undefined, t.host.headers)).json();
    expect(waiting).toMatchObject([{ name: 'Phone ·· 4567', byPhone: true, removedBefore: true }]);
    // A withheld number cannot slip past it either; another number walks in.
    expect(await t.dial('CAhidden')).toContain(Prompt.Waiting);
    expect(ticketOf(await t.dial('CAother', '+15559876543'))).toBeTruthy();

    // Let back in by the host: the removal is forgotten and the call goes on.
    expect((await t.json('POST', `/api/meetings/${t.meetingId}/lobby/${waiting[0].id}/admit`, undefined, t.host.headers)).status).toBe(204);
    expect(ticketOf(await (await twilioPoll(t, again, 'CAagain')).text())).toBeTruthy();
    expect((await t.storage.meetings.byId(t.meetingId))!.removedGuests).toEqual([]);
  });
});

function twilioPoll(t: Awaited<ReturnType<typeof setup>>, xml: string, CallSid: string) {
  return twilioPoster(t.app, PUBLIC, AUTH_TOKEN)(redirectOf(xml, PUBLIC)!, { CallSid, From: '+15551234567' });
}
