import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/server/test-app.ts';
import { phoneSeatBridge, silentCallerStream } from '../../test/server/phone-seat-bridge.ts';
import { redirectOf, ticketOf, twilioPoster } from '../../test/server/twilio-webhook.ts';
import { createMemoryStorage } from '../storage/lowdb/lowdb-storage.ts';
import { Prompt } from './twilio/voice-webhooks.ts';

const PUBLIC = 'https://meet.example.org';
const AUTH_TOKEN = 'secret-token';
const SECRET = 'cluster-secret-0123456789abcdefghijklmnop';
const dialInConfig = { number: '+1 555 010 0199', authToken: AUTH_TOKEN, maxCalls: 5 };

/** One node of a cluster: its own process state (hub, calls), the storage all nodes share. */
function node(storage: ReturnType<typeof createMemoryStorage>, clusterSecret: string | null = SECRET) {
  let t!: ReturnType<typeof createTestApp>;
  t = createTestApp({ publicUrl: PUBLIC, dialIn: dialInConfig, clusterSecret }, { startBridge: phoneSeatBridge(() => t.hub), storage });
  const twilio = twilioPoster(t.app, PUBLIC, AUTH_TOKEN);
  /** What Twilio does with a `<Connect><Stream>`: opens the stream with its ticket (the bridge seats the caller). */
  const stream = async (xml: string, CallSid: string) => {
    const ticket = t.dialIn.redeemTicket(ticketOf(xml)!, CallSid);
    expect(ticket).not.toBeNull();
    await t.dialIn.connectCall(ticket!, silentCallerStream(CallSid));
  };
  return { ...t, twilio, stream };
}

async function cluster() {
  const storage = createMemoryStorage();
  const a = node(storage);
  const b = node(storage);
  const host = await a.signUp();
  const meeting = await a.createMeeting(host.headers, 'Phone call', { waitingRoom: false });
  const pin = (await (await a.json('GET', `/api/meetings/${meeting.id}/dial-in`, undefined, host.headers)).json()).pin as string;
  const call = { CallSid: 'CAmoving0123456789', From: '+15551234567' };
  // The PIN may land on any node; the call goes on at a URL naming the meeting (the proxy sends it to the meeting's node).
  const pass = await (await b.twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: pin })).text();
  expect(redirectOf(pass, PUBLIC)).toMatch(new RegExp(`^/api/dial-in/twilio/enter\\?meeting=${meeting.id}&token=`));
  const first = await (await a.twilio(redirectOf(pass, PUBLIC)!, call)).text();
  await a.stream(first, call.CallSid);
  const phones = (n: typeof a) => n.hub.participants(meeting.id).filter((p) => p.role === 'phone');
  return { storage, a, b, host, meetingId: meeting.id as string, call, first, phones };
}

describe('a phone call across nodes (drain and failover)', () => {
  it('after the stream, Twilio comes back through /resume (a signed token for this call), not to a goodbye', async () => {
    const { first, meetingId } = await cluster();
    const back = redirectOf(first, PUBLIC);
    expect(back).toMatch(new RegExp(`^/api/dial-in/twilio/resume\\?meeting=${meetingId}&token=[\\w-]+\\.[\\w-]+$`));
    expect(first).not.toContain(Prompt.Goodbye);
  });

  it('re-bridges a call its node handed on in a drain: a new stream on the next node, silently, and the caller is back in the room', async () => {
    const { a, b, first, call, meetingId, phones } = await cluster();
    expect(phones(a)).toHaveLength(1);
    a.dialIn.moveAll();
    expect(phones(a)).toHaveLength(0);
    const again = await (await b.twilio(redirectOf(first, PUBLIC)!, call)).text();
    expect(again).toMatch(
      new RegExp(`^<\\?xml[^>]*\\?><Response><Connect><Stream url="wss://meet\\.example\\.org/ws/dial-in/${meetingId}">`),
    );
    await b.stream(again, call.CallSid);
    expect(phones(b)).toMatchObject([{ name: 'Phone ·· 4567' }]);
    // The next stream comes back the same way (a second drain).
    expect(redirectOf(again, PUBLIC)).toMatch(/^\/api\/dial-in\/twilio\/resume\?/);
  });

  it('re-bridges after a failover: the node that had the call is gone, the next one never saw it', async () => {
    const { b, first, call } = await cluster();
    const again = await (await b.twilio(redirectOf(first, PUBLIC)!, call)).text();
    expect(ticketOf(again)).not.toBeNull();
  });

  it('says goodbye when the call ended on purpose on its node (hung up by the host)', async () => {
    const { storage, a, host, first, call, meetingId, phones } = await cluster();
    const caller = phones(a)[0]!;
    expect((await a.json('DELETE', `/api/meetings/${meetingId}/participants/${caller.id}`, undefined, host.headers)).status).toBe(204);
    const bye = await (await a.twilio(redirectOf(first, PUBLIC)!, call)).text();
    expect(bye).toContain(`<Say>${Prompt.Goodbye}</Say><Hangup/>`);
    expect(bye).not.toContain('<Stream');
    // Nor does the next node let the removed number back (the removal is in the shared storage).
    const b = node(storage);
    expect(await (await b.twilio(redirectOf(first, PUBLIC)!, call)).text()).not.toContain('<Stream');
  });

  it('says the meeting ended when the host ended it meanwhile', async () => {
    const { a, b, first, call, meetingId } = await cluster();
    const meeting = (await a.storage.meetings.byId(meetingId))!;
    await a.hostControls.end(meeting, 'Hanna');
    const bye = await (await b.twilio(redirectOf(first, PUBLIC)!, call)).text();
    expect(bye).toContain(`<Say>${Prompt.Ended}</Say><Hangup/>`);
  });

  it("refuses another call's token, a forged one, and answers a malformed request with 400", async () => {
    const { b, first, call, meetingId } = await cluster();
    const path = redirectOf(first, PUBLIC)!;
    const other = await (await b.twilio(path, { ...call, CallSid: 'CAsomeoneelse0000' })).text();
    expect(other).toContain(`<Say>${Prompt.Goodbye}</Say><Hangup/>`);
    const forged = path.replace(/\.([\w-]+)$/, (_m, mac: string) => `.${mac.slice(0, -2)}xx`);
    expect(await (await b.twilio(forged, call)).text()).not.toContain('<Stream');
    const res = await b.twilio(`/api/dial-in/twilio/resume?meeting=${meetingId}`, call);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/token/);
  });

  it('sends a caller whose PIN one node took to the meeting’s node, where they wait for the host and are let in', async () => {
    const storage = createMemoryStorage();
    const [a, b] = [node(storage), node(storage)];
    const host = await a.signUp();
    const meeting = await a.createMeeting(host.headers, 'Waiting room', { waitingRoom: true });
    const pin = (await (await a.json('GET', `/api/meetings/${meeting.id}/dial-in`, undefined, host.headers)).json()).pin as string;
    const call = { CallSid: 'CAwaiting000000001', From: '+15559876543' };
    const pass = await (await b.twilio('/api/dial-in/twilio/pin?attempt=1', { ...call, Digits: pin })).text();
    const waiting = await (await a.twilio(redirectOf(pass, PUBLIC)!, call)).text();
    expect(waiting).toContain(Prompt.Waiting);
    const { waiting: list } = await (await a.json('GET', `/api/meetings/${meeting.id}/lobby`, undefined, host.headers)).json();
    expect(list).toMatchObject([{ name: 'Phone ·· 6543', byPhone: true }]);
    expect((await a.json('POST', `/api/meetings/${meeting.id}/lobby/${list[0].id}/admit`, undefined, host.headers)).status).toBe(204);
    const admitted = await (await a.twilio(redirectOf(waiting, PUBLIC)!, call)).text();
    expect(admitted).toContain(Prompt.LetIn);
    expect(ticketOf(admitted)).not.toBeNull();
    // A pass for another meeting, or another call, lets nobody in.
    const other = await a.createMeeting(host.headers, 'Other', { waitingRoom: false });
    const forOther = redirectOf(pass, PUBLIC)!.replace(meeting.id, other.id);
    expect(await (await a.twilio(forOther, call)).text()).toContain(Prompt.Rejected);
    expect(await (await a.twilio(redirectOf(pass, PUBLIC)!, { ...call, CallSid: 'CAnotthisone00001' })).text()).toContain(Prompt.Rejected);
  });

  it('keeps the goodbye after the stream on a single server (no CLUSTER_SECRET: nowhere to resume)', async () => {
    const t = node(createMemoryStorage(), null);
    const host = await t.signUp();
    const meeting = await t.createMeeting(host.headers, 'One node', { waitingRoom: false });
    const pin = (await (await t.json('GET', `/api/meetings/${meeting.id}/dial-in`, undefined, host.headers)).json()).pin as string;
    const xml = await (await t.twilio('/api/dial-in/twilio/pin?attempt=1', { CallSid: 'CAone', Digits: pin })).text();
    expect(xml).toMatch(/<\/Connect><Say>You have left the meeting\. Goodbye\.<\/Say><Hangup\/><\/Response>$/);
  });
});
