import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../dialin/twilio/signature.ts';
import { API_ROUTES, validParam, type PathParam } from '../../test/fuzz/api-routes.ts';
import { createWorldPool } from '../../test/fuzz/check-request.ts';
import { CALLERS, WORLD_PUBLIC_URL, WORLD_TWILIO_TOKEN, type Caller, type TestWorld } from '../../test/server/test-world.ts';

/**
 * Every route against every kind of caller, as one table. The callers (columns, in this order):
 *
 *   str   a stranger: no session, no invitation
 *   host  the meeting's host (session cookie)          hP   the host in the call (+ participant id and token)
 *   link  a guest with the shared link                lP   that guest in the call
 *   inv   a guest with a personal invitation
 *   rev   a guest whose invitation was revoked         rP   a guest in the call whose invitation was revoked since
 *   forg  the link guest claiming the host's participant id with a made-up token
 *   oth   another signed-in user                       oP   that user in the call of their own meeting
 *   op    an operator (listed in ADMIN_EMAILS), signed in, in no meeting
 *
 * Every case starts from the same world (see testing/test-world.ts: the waiting room is on and
 * the invited guest waits in it); a refused one (any status from 400) must leave it exactly as it
 * was: store, chat, files, rooms, the waiting room and the lock, calls, what the pages were sent.
 */
interface Row {
  method: string;
  path: string;
  label?: string;
  /** JSON body, or one made for the caller. */
  body?: unknown;
  /** Raw bytes or a form instead of JSON. */
  raw?: (world: TestWorld) => { body: BodyInit; headers: Record<string, string> };
  /** Brings the world into the state the route needs (e.g. no recording running). */
  setup?: (world: TestWorld) => unknown;
  expect: Record<Caller, number>;
}

const COLUMNS: readonly Caller[] = CALLERS;
const row = (method: string, path: string, statuses: number[], extra: Partial<Row> = {}): Row => ({
  method,
  path,
  ...extra,
  expect: Object.fromEntries(COLUMNS.map((c, i) => [c, statuses[i]!])) as Record<Caller, number>,
});

const WEBM_HEAD = readFileSync(new URL('../../test/fixtures/chrome-vp8-opus-3s.webm', import.meta.url)).subarray(0, 4096);
const M = '/api/meetings/:meeting';

/** A Twilio webhook's form (with the meeting's PIN where one is asked for), signed as Twilio signs it or not at all. */
/** A waiting caller's poll (nobody waits under this id: the line is told its wait is over). */
const WAIT_POLL = '/api/dial-in/twilio/wait?meeting=AAAAAAAAAAAAAAAAAAAAAA&waiter=BBBBBBBBBBBBBBBBBBBBBB&n=1';
const ENTER = '/api/dial-in/twilio/enter?meeting=AAAAAAAAAAAAAAAAAAAAAA&token=aaaaaaaaaaaa.bbbbbbbbbbbb';
const RESUME = '/api/dial-in/twilio/resume?meeting=AAAAAAAAAAAAAAAAAAAAAA&token=aaaaaaaaaaaa.bbbbbbbbbbbb';
const twilioForm = (pathAndQuery: string, signed: boolean) => (world: TestWorld) => {
  const params = { CallSid: 'CA0123456789abcdef', From: '+15551234567', Digits: world.pin };
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signed)
    headers['x-twilio-signature'] = twilioSignature(WORLD_TWILIO_TOKEN, `${WORLD_PUBLIC_URL}${pathAndQuery}`, Object.entries(params));
  return { body: new URLSearchParams(params).toString(), headers };
};

/** Leaving proves who you are in the body: your own participant, else the host's id with a made-up token. */
const leaveBody = (world: TestWorld, caller: Caller) => {
  const own: Partial<Record<Caller, { id: string; token: string }>> = {
    hostParticipant: world.participants.host,
    linkGuestParticipant: world.participants.linkGuest,
    revokedParticipant: world.participants.revoked,
    otherParticipant: world.participants.other,
  };
  const who = own[caller];
  return who ? { participantId: who.id, token: who.token } : { participantId: world.participants.host.id, token: 'x'.repeat(43) };
};

const stopRunningRecording = (world: TestWorld) =>
  world.json('POST', `${world.base}/recordings/${world.recordingIds.running}/stop`, undefined, world.host.headers);

/** A rejoin ticket: your own participant's, else the link guest's id with a made-up token. */
const rejoinBody = (world: TestWorld, caller: Caller) => {
  const body = leaveBody(world, caller);
  return {
    name: 'Back again',
    rejoin: body.token === 'x'.repeat(43) ? { participantId: world.participants.linkGuest.id, token: body.token } : body,
  };
};

const V1 = '/api/v1/meetings/:meeting';
const V1_ROUTES: [string, string, unknown?][] = [
  ['POST', '/api/v1/meetings', { title: 'Call', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30 }],
  ['GET', '/api/v1/meetings'],
  ['GET', V1],
  ['PATCH', V1, { title: 'Changed' }],
  ['DELETE', V1],
  ['POST', `${V1}/invitations`, { guestName: 'New', guestEmail: 'new@example.org' }],
  ['GET', `${V1}/invitations`],
  ['DELETE', `${V1}/invitations/:invite`],
  ['POST', `${V1}/join-links`, { guestName: 'Jo' }],
  ['GET', `${V1}/link`],
  ['POST', `${V1}/link`],
  ['GET', `${V1}/dial-in`],
  ['GET', `${V1}/participants`],
  ['GET', `${V1}/recordings`],
  ['GET', `${V1}/recordings/:readyRecording/file`],
  ['DELETE', `${V1}/recordings/:readyRecording`],
  ['POST', '/api/v1/webhooks', { url: 'https://93.184.215.14/hook', events: ['meeting.ended'] }],
  ['GET', '/api/v1/webhooks'],
  ['GET', '/api/v1/webhooks/:webhook'],
  ['DELETE', '/api/v1/webhooks/:webhook'],
  ['GET', '/api/v1/webhooks/:webhook/deliveries'],
  ['POST', '/api/v1/webhooks/:webhook/test'],
];

// prettier-ignore
const TABLE: Row[] = [
  //                                                         str host  hP  link  lP  inv  rev  rP  forg oth  oP   op
  row('GET', '/api/health', [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
  row('POST', '/api/auth/signup', [201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201], {
    body: { email: 'new@example.com', password: 'correct horse battery', name: 'New' },
  }),
  row('POST', '/api/auth/signin', [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], {
    body: { email: 'other@example.com', password: 'correct horse battery' },
  }),
  row('POST', '/api/auth/signout', [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204]),
  row('GET', '/api/auth/me', [401, 200, 200, 401, 401, 401, 401, 401, 401, 200, 200, 200]),
  // A user's own sign-ins only: the list and "sign out everywhere" take the session's user, never an id.
  row('GET', '/api/auth/sessions', [401, 200, 200, 401, 401, 401, 401, 401, 401, 200, 200, 200]),
  row('DELETE', '/api/auth/sessions', [401, 200, 200, 401, 401, 401, 401, 401, 401, 200, 200, 200]),
  // Gone for users (operators switch add-ons now): refused to everyone, and it changes nothing.
  row('PATCH', '/api/auth/features', [401, 403, 403, 401, 401, 401, 401, 401, 401, 403, 403, 403], { body: { backgroundBlur: true } }),
  // The operator API: operators alone (ADMIN_EMAILS), by session; no one else, whatever meeting they are in.
  row('GET', '/api/admin/accounts?search=example', [401, 403, 403, 401, 401, 401, 401, 401, 401, 403, 403, 200]),
  row('PATCH', '/api/admin/accounts/:account/features', [401, 403, 403, 401, 401, 401, 401, 401, 401, 403, 403, 200], {
    body: { backgroundBlur: true },
  }),
  row('GET', '/api/admin/audit', [401, 403, 403, 401, 401, 401, 401, 401, 401, 403, 403, 200]),
  // Which sites may frame the account's meetings: the signed-in user's own setting.
  row('GET', '/api/auth/embedding', [401, 200, 200, 401, 401, 401, 401, 401, 401, 200, 200, 200]),
  row('PUT', '/api/auth/embedding', [401, 200, 200, 401, 401, 401, 401, 401, 401, 200, 200, 200], {
    body: { origins: ['https://crm.example.com'] },
  }),
  // API keys: a signed-in user's own (a revoke of another's key is a 404); the server's, for operators alone.
  row('GET', '/api/auth/api-keys', [401, 200, 200, 401, 401, 401, 401, 401, 401, 200, 200, 200]),
  row('POST', '/api/auth/api-keys', [401, 201, 201, 401, 401, 401, 401, 401, 401, 201, 201, 201], {
    body: { name: 'CRM', scopes: ['meetings:read'] },
  }),
  row('DELETE', '/api/auth/api-keys/:apiKey', [401, 204, 204, 401, 401, 401, 401, 401, 401, 404, 404, 404]),
  row('GET', '/api/admin/api-keys', [401, 403, 403, 401, 401, 401, 401, 401, 401, 403, 403, 200]),
  row('POST', '/api/admin/api-keys', [401, 403, 403, 401, 401, 401, 401, 401, 401, 403, 403, 201], {
    body: { name: 'Provisioning', scopes: ['meetings:write'] },
  }),
  row('DELETE', '/api/admin/api-keys/:apiKey', [401, 403, 403, 401, 401, 401, 401, 401, 401, 403, 403, 404]),
  // Webhook endpoints on the account page: the signed-in user's own (another's endpoint is a 404).
  row('GET', '/api/auth/webhooks', [401, 200, 200, 401, 401, 401, 401, 401, 401, 200, 200, 200]),
  row('POST', '/api/auth/webhooks', [401, 201, 201, 401, 401, 401, 401, 401, 401, 201, 201, 201], {
    body: { url: 'https://93.184.215.14/hook', events: ['meeting.ended'] },
  }),
  row('DELETE', '/api/auth/webhooks/:webhook', [401, 204, 204, 401, 401, 401, 401, 401, 401, 404, 404, 404]),
  row('GET', '/api/auth/webhooks/:webhook/deliveries', [401, 200, 200, 401, 401, 401, 401, 401, 401, 404, 404, 404]),
  row('POST', '/api/auth/webhooks/:webhook/test', [401, 202, 202, 401, 401, 401, 401, 401, 401, 404, 404, 404]),
  // The public API answers to an API key alone: sessions, invitations and participants count for nothing
  // (what each key and scope may do: server/api-v1/v1-scopes.test.ts). Its document is public.
  row('GET', '/api/v1/openapi.json', [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
  ...V1_ROUTES.map(([method, path, body]) => row(method, path, Array(12).fill(401), body === undefined ? {} : { body })),
  row('GET', '/api/meetings', [401, 200, 200, 401, 401, 401, 401, 401, 401, 200, 200, 200]),
  row('POST', '/api/meetings', [401, 201, 201, 401, 401, 401, 401, 401, 401, 201, 201, 201], {
    body: { title: 'Call', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30 },
  }),
  row('GET', '/api/recordings', [401, 200, 200, 401, 401, 401, 401, 401, 401, 200, 200, 200]),
  row('GET', M, [401, 200, 200, 401, 401, 401, 401, 401, 401, 403, 403, 403]),
  row('PATCH', M, [401, 200, 200, 401, 401, 401, 401, 401, 401, 403, 403, 403], { body: { title: 'Changed' } }),
  row('DELETE', M, [401, 204, 204, 401, 401, 401, 401, 401, 401, 403, 403, 403]),
  row('GET', `${M}/info`, [403, 200, 200, 200, 200, 200, 403, 403, 200, 403, 403, 403]),
  row('GET', `${M}/invites`, [401, 200, 200, 401, 401, 401, 401, 401, 401, 403, 403, 403]),
  row('POST', `${M}/invites`, [401, 201, 201, 401, 401, 401, 401, 401, 401, 403, 403, 403], {
    body: { guestName: 'New', guestEmail: 'new@example.org' },
  }),
  row('POST', `${M}/invites/:invite/resend`, [401, 200, 200, 401, 401, 401, 401, 401, 401, 403, 403, 403]),
  row('DELETE', `${M}/invites/:invite`, [401, 204, 204, 401, 401, 401, 401, 401, 401, 403, 403, 403]),
  row('POST', `${M}/link`, [401, 200, 200, 401, 401, 401, 401, 401, 401, 403, 403, 403]),
  // The waiting room is on: a guest knocks (202, waiting) and joins only once admitted; the host walks in.
  row('POST', `${M}/lobby`, [403, 200, 200, 202, 202, 202, 403, 403, 202, 403, 403, 403], { body: { name: 'Someone' } }),
  row('POST', `${M}/join`, [403, 201, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403], { body: { name: 'Someone' } }),
  row('POST', `${M}/join`, [403, 201, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403], { body: rejoinBody, label: 'rejoin' }),
  // A meeting page opening: the info's access (a place is held only for whoever could join now: server/routes/rooms.test.ts).
  row('POST', `${M}/visit`, [403, 200, 200, 200, 200, 200, 403, 403, 200, 403, 403, 403]),
  row('POST', `${M}/leave`, [403, 403, 204, 403, 204, 403, 403, 204, 403, 403, 403, 403], { body: leaveBody }),
  // Who is in the call (with their participant ids): the host and the participants only.
  row('GET', `${M}/participants`, [403, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403]),
  row('GET', `${M}/rtc`, [403, 200, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403]),
  // The room's content is for the host and the people in the call, not for everyone holding the link.
  row('GET', `${M}/chat`, [403, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403]),
  row('POST', `${M}/chat`, [403, 403, 201, 403, 201, 403, 403, 403, 403, 403, 403, 403], { body: { text: 'hello' } }),
  row('POST', `${M}/files?name=notes.txt`, [403, 403, 201, 403, 201, 403, 403, 403, 403, 403, 403, 403], {
    raw: () => ({ body: 'some notes', headers: {} }),
  }),
  row('GET', `${M}/files/:file`, [403, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403]),
  row('POST', `${M}/media-check`, [403, 204, 204, 204, 204, 204, 403, 403, 204, 403, 403, 403], {
    body: { type: 'step', checkId: 'check-12345678', step: 'camera', outcome: 'passed' },
  }),
  // The PIN is a room credential: the host, participants, and guests who could walk in (the waiting room is on here).
  row('GET', `${M}/dial-in`, [403, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403]),
  row('POST', `${M}/dial-in/calls/:caller/mute`, [403, 204, 204, 403, 403, 403, 403, 403, 403, 403, 403, 403], { body: { muted: true } }),
  row('DELETE', `${M}/dial-in/calls/:caller`, [403, 204, 204, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
  // Host controls: the host's alone, by session.
  row('GET', `${M}/lobby`, [403, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
  row('POST', `${M}/lobby/:waiter/admit`, [403, 204, 204, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
  row('POST', `${M}/lobby/:waiter/decline`, [403, 204, 204, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
  row('PUT', `${M}/lock`, [403, 204, 204, 403, 403, 403, 403, 403, 403, 403, 403, 403], { body: { locked: true } }),
  row('POST', `${M}/end`, [403, 204, 204, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
  row('POST', `${M}/participants/:participant/moderate`, [403, 204, 204, 403, 403, 403, 403, 403, 403, 403, 403, 403], {
    body: { action: 'mute' },
  }),
  row('DELETE', `${M}/participants/:participant`, [403, 204, 204, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
  // Recordings: the meeting owner's alone (signed out is 403 too); starting takes being in the call.
  row('POST', `${M}/recordings`, [403, 403, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403], { setup: stopRunningRecording }),
  row('PUT', `${M}/recordings/:recording/chunks/0`, [403, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403], {
    raw: () => ({ body: WEBM_HEAD, headers: { 'content-type': 'video/webm' } }),
  }),
  row('POST', `${M}/recordings/:recording/stop`, [403, 204, 204, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
  row('GET', `${M}/recordings`, [403, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
  row('GET', `${M}/recordings/:readyRecording/file`, [403, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
  row('DELETE', `${M}/recordings/:readyRecording`, [403, 204, 204, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
  // Twilio's webhooks answer to the signature alone: sessions and invitations count for nothing.
  row('POST', '/api/dial-in/twilio/voice', [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403], {
    raw: twilioForm('/api/dial-in/twilio/voice', false),
    label: 'unsigned',
  }),
  row('POST', '/api/dial-in/twilio/voice', [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], {
    raw: twilioForm('/api/dial-in/twilio/voice', true),
    label: 'signed',
  }),
  row('POST', '/api/dial-in/twilio/pin?attempt=1', [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403], {
    raw: twilioForm('/api/dial-in/twilio/pin?attempt=1', false),
    label: 'unsigned',
  }),
  row('POST', '/api/dial-in/twilio/pin?attempt=1', [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], {
    raw: twilioForm('/api/dial-in/twilio/pin?attempt=1', true),
    label: 'signed, right PIN',
  }),
  row('POST', WAIT_POLL, [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403], {
    raw: twilioForm(WAIT_POLL, false),
    label: 'unsigned',
  }),
  row('POST', WAIT_POLL, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], {
    raw: twilioForm(WAIT_POLL, true),
    label: 'signed, nobody waiting',
  }),
  // Where a cluster sends a call after its PIN and after its stream: a signed token decides, not the caller.
  ...[ENTER, RESUME].flatMap((path) => [
    row('POST', path, [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403], { raw: twilioForm(path, false), label: 'unsigned' }),
    row('POST', path, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], {
      raw: twilioForm(path, true),
      label: 'signed, forged token (goodbye)',
    }),
  ]),
];

describe('access matrix', () => {
  const pool = createWorldPool();
  afterAll(() => pool.discard());

  const cases = TABLE.flatMap((r) =>
    COLUMNS.map((caller) => [`${r.method} ${r.path}${r.label ? ` (${r.label})` : ''}`, caller, r] as const),
  );

  it.each(cases)('%s as %s', async (_name, caller, r) => {
    const world = await pool.get();
    if (r.setup) await r.setup(world);
    const path = r.path.replace(/:(\w+)/g, (_, name: PathParam) => validParam(world, name));
    const raw = r.raw?.(world);
    const body = typeof r.body === 'function' ? (r.body as (w: TestWorld, c: Caller) => unknown)(world, caller) : r.body;
    const before = await world.snapshot();
    const res = await world.app.request(path, {
      method: r.method,
      headers: { ...world.headers[caller], ...(raw ? raw.headers : body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: raw ? raw.body : body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const after = await world.snapshot();
    if (r.setup || !isDeepStrictEqual(before, after)) await pool.discard();
    expect(res.status, text.slice(0, 300)).toBe(r.expect[caller]);
    if (res.status >= 400) expect(after).toEqual(before);
  });

  it("covers every route (the fuzzer's list, which its own test holds to the app's)", () => {
    const shape = (method: string, path: string) =>
      `${method} ${path.split('?')[0]!.replace(/:\w+|\/0$/g, (m) => (m === '/0' ? '/:' : ':'))}`;
    const tabled = new Set(TABLE.map((r) => shape(r.method, r.path)));
    expect(API_ROUTES.map((r) => shape(r.method, r.path)).filter((r) => !tabled.has(r))).toEqual([]);
  });
});
