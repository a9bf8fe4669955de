import { API_SCOPES } from '../../shared/api/api-keys.ts';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat.ts';
import { DEVICE_ID_HEADER } from '../../shared/api/host-controls.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { createSession } from '../../server/auth/sessions.ts';
import type { Config } from '../../server/config.ts';
import type { Bridge, BridgeStarter } from '../../server/dialin/dial-in-service.ts';
import { newId, newSecret } from '../../server/lib/ids.ts';
import type { InviteRecord, UserRecord } from '../../server/storage/records.ts';
import type { Storage } from '../../server/storage/repositories.ts';
import { createTestApp, TEST_PASSWORD } from './test-app.ts';
import { snapshotState } from './state-snapshot.ts';

export const WORLD_PUBLIC_URL = 'https://meet.example.org';
export const WORLD_TWILIO_TOKEN = 'twilio-auth-token-for-tests';
export const WORLD_DEVICE_ID = 'device-of-the-invited-guest';
/** Written beside the served PWA folder: no answer may ever contain it (path traversal). */
export const WORLD_SECRET = 'secret-beside-the-pwa-7f3a9c';
/** Listed in the world's ADMIN_EMAILS. */
export const WORLD_OPERATOR_EMAIL = 'operator@example.com';
const RECORDED = readFileSync(new URL('../fixtures/chrome-vp8-opus-3s.webm', import.meta.url));

/** Everyone who may knock on a route, as the headers they would send. */
export const CALLERS = [
  'stranger',
  'host',
  'hostParticipant',
  'linkGuest',
  'linkGuestParticipant',
  'invitedGuest',
  'revokedGuest',
  'revokedParticipant',
  'forgedParticipant',
  'otherUser',
  'otherParticipant',
  'operator',
] as const;
export type Caller = (typeof CALLERS)[number];

let passwordHash: Promise<string> | null = null;

/** A phone bridge that only keeps what it is told (no media): enough for the caller controls. */
const fakeBridge: BridgeStarter = async ({ onEnded }) => {
  const bridge: Bridge = {
    participantId: newId(),
    muted: false,
    setMuted: (muted) => void ((bridge as { muted: boolean }).muted = muted),
    hangUp: (reason) => onEnded(reason),
    stats: () => ({
      uplink: { count: 0, p50: 0, p95: 0, max: 0 },
      downlink: { count: 0, p50: 0, p95: 0, max: 0 },
      connections: 0,
      playoutLagMs: 0,
    }),
  };
  return bridge;
};

/**
 * A meeting with everything in it that a route can touch, built cheaply (accounts are written
 * to the store, not signed up through scrypt and the rate limit): its host and another user,
 * the shared link, a personal invite, a revoked one, participants in the call (host, link guest,
 * a guest whose invite was revoked after joining), a dial-in caller, a shared file, a finished
 * recording and a running one, the waiting room on with the invited guest waiting in it;
 * another user's meeting with its host in the call; and an operator (ADMIN_EMAILS) with no meeting.
 */
export async function createTestWorld(overrides: Partial<Config> = {}, { storage }: { storage?: Storage } = {}) {
  // A small built PWA to serve, with a secret file beside it.
  const site = mkdtempSync(path.join(tmpdir(), 'world-site-'));
  mkdirSync(path.join(site, 'pwa', 'assets'), { recursive: true });
  writeFileSync(path.join(site, 'pwa', 'index.html'), '<!doctype html><title>Meeting room</title>');
  writeFileSync(path.join(site, 'pwa', 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(path.join(site, 'secret.txt'), WORLD_SECRET);
  const t = createTestApp(
    {
      pwaDir: path.join(site, 'pwa'),
      publicUrl: WORLD_PUBLIC_URL,
      dialIn: { number: '+1 555 010 0199', authToken: WORLD_TWILIO_TOKEN, maxCalls: 5 },
      // Nothing may end by itself while a test looks (a finished world is disposed).
      recording: { maxBytes: 64 * 1024 * 1024, idleMs: 3_600_000 },
      fileMaxBytes: 64 * 1024,
      adminEmails: [WORLD_OPERATOR_EMAIL],
      ...overrides,
    },
    { startBridge: fakeBridge, storage },
  );
  passwordHash ??= hashPassword(TEST_PASSWORD);

  async function addUser(email: string, name: string) {
    const user: UserRecord = {
      id: newId(),
      email,
      name,
      passwordHash: await passwordHash!,
      createdAt: t.clock().toISOString(),
      features: { backgroundBlur: false, recording: true },
    };
    await t.storage.users.create(user);
    const token = await createSession(t.storage, user.id, t.clock());
    // As the browser's own page sends it (cookie requests must come from our origin: http/same-origin.ts).
    return { user, token, headers: { cookie: `sid=${token}`, 'sec-fetch-site': 'same-origin' } as Record<string, string> };
  }

  async function ok(res: Response | Promise<Response>, what: string) {
    const answer = await res;
    if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${await answer.text()}`);
    return answer.status === 204 ? null : answer.json();
  }

  const host = await addUser('host@example.com', 'Hanna Host');
  const other = await addUser('other@example.com', 'Otto Other');
  const operator = await addUser(WORLD_OPERATOR_EMAIL, 'Olga Operator');
  const meeting = await t.createMeeting(host.headers, 'Quarterly review');
  const otherMeeting = await t.createMeeting(other.headers, 'Somebody else');
  const base = `/api/meetings/${meeting.id}`;
  const pin = ((await ok(t.json('GET', `${base}/dial-in`, undefined, host.headers), 'dial-in')) as { pin: string }).pin;
  const linkToken = (await t.storage.meetings.byId(meeting.id))!.linkToken;

  // Personal invitations, written as the invites route would after sending them.
  const invite = async (name: string) => {
    const record: InviteRecord = {
      id: newId(),
      meetingId: meeting.id,
      token: newSecret(),
      guestName: name,
      guestEmail: `${name}@example.org`,
      timeZone: null,
      state: 'sent',
      error: null,
      createdAt: t.clock().toISOString(),
    };
    await t.storage.invites.create(record);
    return { id: record.id, token: record.token };
  };
  const invited = await invite('ivy');
  const revoked = await invite('rex');
  const revokedLater = await invite('rory');

  /** Everything the server sent to the pages in the world (room channels, the waiting page). */
  const sent: string[] = [];
  const page = { send: (text: string) => void sent.push(text), close() {} };
  const join = async (meetingId: string, access: Record<string, string>, name: string) => {
    const body = (await ok(t.json('POST', `/api/meetings/${meetingId}/join`, { name }, access), `join ${name}`)) as {
      participant: { id: string };
      token: string;
    };
    t.hub.connect(meetingId, body.participant.id, page);
    return {
      id: body.participant.id,
      token: body.token,
      headers: { ...access, [PARTICIPANT_ID_HEADER]: body.participant.id, [PARTICIPANT_TOKEN_HEADER]: body.token },
    };
  };
  const hostP = await join(meeting.id, host.headers, 'Hanna');
  const linkP = await join(meeting.id, { [INVITE_HEADER]: linkToken }, 'Gus');
  const revokedP = await join(meeting.id, { [INVITE_HEADER]: revokedLater.token }, 'Rory');
  const otherP = await join(otherMeeting.id, other.headers, 'Otto');
  for (const gone of [revoked, revokedLater]) await ok(t.json('DELETE', `${base}/invites/${gone.id}`, undefined, host.headers), 'revoke');
  // The product's default from here on: a waiting room, with the invited guest knocking.
  await ok(t.json('PATCH', base, { waitingRoom: true }, host.headers), 'waiting room');
  const knock = (await ok(
    t.json('POST', `${base}/lobby`, { name: 'Ivy' }, { [INVITE_HEADER]: invited.token, [DEVICE_ID_HEADER]: WORLD_DEVICE_ID }),
    'knock',
  )) as { waiterId: string };
  t.hostControls.lobby.connect(meeting.id, knock.waiterId, page);

  await t.dialIn.connectCall(
    { meetingId: meeting.id, callSid: 'CA0123456789', caller: '+15551234567' },
    {
      callSid: 'CA0123456789',
      streamSid: 'MZ0123456789',
      attach() {},
      sendAudio() {},
      sendMark() {},
      clear() {},
      hangUp() {},
    },
  );
  const callerId = t.dialIn.activeCalls(meeting.id)[0]!.participantId;

  const upload = (await ok(
    t.app.request(`${base}/files?name=notes.txt`, { method: 'POST', headers: hostP.headers, body: 'the minutes of the meeting\n' }),
    'upload',
  )) as { message: { file: { id: string } } };

  const startRecording = async () =>
    ((await ok(t.json('POST', `${base}/recordings`, undefined, hostP.headers), 'record')) as { recording: { id: string } }).recording.id;
  const readyRecording = await startRecording();
  await ok(
    t.app.request(`${base}/recordings/${readyRecording}/chunks/0`, { method: 'PUT', headers: host.headers, body: RECORDED }),
    'chunk',
  );
  await ok(t.json('POST', `${base}/recordings/${readyRecording}/stop`, undefined, host.headers), 'stop');
  const runningRecording = await startRecording();

  // The public API's credentials of the host: a key with every scope, and a webhook endpoint (never called: no worker runs).
  const apiKey = await t.apiKeys.create(host.user.id, { name: 'World key', scopes: [...API_SCOPES] });
  const webhook = await t.webhooks.register(host.user.id, { url: 'https://93.184.215.14/hook', events: ['invitation.failed'] });

  const headers: Record<Caller, Record<string, string>> = {
    stranger: {},
    host: host.headers,
    hostParticipant: hostP.headers,
    linkGuest: { [INVITE_HEADER]: linkToken },
    linkGuestParticipant: linkP.headers,
    invitedGuest: { [INVITE_HEADER]: invited.token },
    revokedGuest: { [INVITE_HEADER]: revoked.token },
    revokedParticipant: revokedP.headers,
    // The link guest's own access, with the host's participant id and a made-up token.
    forgedParticipant: { [INVITE_HEADER]: linkToken, [PARTICIPANT_ID_HEADER]: hostP.id, [PARTICIPANT_TOKEN_HEADER]: 'x'.repeat(43) },
    otherUser: other.headers,
    otherParticipant: otherP.headers,
    operator: operator.headers,
  };

  return {
    ...t,
    meetingId: meeting.id,
    otherMeetingId: otherMeeting.id,
    base,
    host,
    other,
    operator,
    pin,
    linkToken,
    invites: { invited, revoked, revokedLater },
    participants: { host: hostP, linkGuest: linkP, revoked: revokedP, other: otherP },
    callerId,
    waiterId: knock.waiterId,
    sent,
    fileId: upload.message.file.id,
    recordingIds: { ready: readyRecording, running: runningRecording },
    apiKey: { id: apiKey.apiKey.id, key: apiKey.key },
    webhookId: webhook.endpoint.id,
    headers,
    /** Everything a request could change (see state-snapshot.ts: all that is stored, and more), and what the pages were sent. */
    snapshot: async () => ({ ...(await snapshotState(t, [meeting.id, otherMeeting.id])), sent: [...sent] }),
    /** Stops the world's timers and removes its files. */
    async dispose() {
      await t.recordings.close();
      t.hostControls.close();
      t.hub.closeAll();
      rmSync(t.config.dataDir, { recursive: true, force: true });
      rmSync(site, { recursive: true, force: true });
    },
  };
}

export type TestWorld = Awaited<ReturnType<typeof createTestWorld>>;
