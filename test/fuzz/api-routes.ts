import type { TestWorld } from '../server/test-world.ts';

/** What a route takes as its body. */
export type BodyKind = 'none' | 'json' | 'bytes' | 'form';

/** Path parameters a route may name; each has a good value in the world. */
export const PATH_PARAMS = [
  'meeting',
  'invite',
  'file',
  'recording',
  'readyRecording',
  'seq',
  'caller',
  'waiter',
  'participant',
  'account',
  'apiKey',
  'webhook',
] as const;
export type PathParam = (typeof PATH_PARAMS)[number];

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** With `:name` for each path parameter. */
  path: string;
  body: BodyKind;
  /** A body this route accepts, for mutating one part of it at a time. */
  sample?: (world: TestWorld) => Record<string, unknown>;
  /** The query string it is usually called with. */
  query?: Record<string, string>;
}

const route = (
  method: RouteSpec['method'],
  path: string,
  body: BodyKind = 'none',
  sample?: RouteSpec['sample'],
  query?: Record<string, string>,
): RouteSpec => ({
  method,
  path,
  body,
  ...(sample ? { sample } : {}),
  ...(query ? { query } : {}),
});

const M = '/api/meetings/:meeting';
const V1 = '/api/v1/meetings/:meeting';

/** Every route of the API and the Twilio webhooks (keep in step with server/app.ts). */
export const API_ROUTES: readonly RouteSpec[] = [
  route('GET', '/api/health'),
  route('POST', '/api/auth/signup', 'json', () => ({ email: 'new@example.com', password: 'correct horse battery', name: 'New' })),
  route('POST', '/api/auth/signin', 'json', () => ({ email: 'host@example.com', password: 'correct horse battery', wantToken: true })),
  route('POST', '/api/auth/signout'),
  route('GET', '/api/auth/me'),
  route('GET', '/api/auth/sessions'),
  route('DELETE', '/api/auth/sessions'),
  route('PATCH', '/api/auth/features', 'json', () => ({ backgroundBlur: true, recording: false })),
  route('GET', '/api/meetings'),
  route('POST', '/api/meetings', 'json', () => ({
    title: 'Call',
    startsAt: '2026-12-01T09:00:00Z',
    durationMinutes: 30,
    waitingRoom: false,
  })),
  route('GET', M),
  route('PATCH', M, 'json', () => ({ title: 'Renamed', startsAt: '2026-12-02T09:00:00+01:00', durationMinutes: 45, waitingRoom: false })),
  route('DELETE', M),
  route('GET', `${M}/info`),
  route('GET', `${M}/invites`),
  route('POST', `${M}/invites`, 'json', () => ({ guestName: 'Gina', guestEmail: 'gina@example.org', timeZone: 'Europe/Berlin' })),
  route('POST', `${M}/invites/:invite/resend`),
  route('DELETE', `${M}/invites/:invite`),
  route('POST', `${M}/link`),
  route('POST', `${M}/join`, 'json', () => ({
    name: 'Guest',
    audioMuted: false,
    videoMuted: true,
    checkId: 'check-12345678',
    clientHints: {
      brands: [{ brand: 'Chromium', version: '131' }],
      mobile: false,
      platform: 'Windows',
      platformVersion: '15.0',
      model: '',
    },
  })),
  route('POST', `${M}/join`, 'json', (w) => ({
    name: 'Back again',
    rejoin: { participantId: w.participants.linkGuest.id, token: w.participants.linkGuest.token },
  })),
  route('POST', `${M}/visit`),
  route('POST', `${M}/join`, 'json', () => ({
    name: 'Held',
    reservation: { participantId: 'AAAAAAAAAAAAAAAAAAAAAA', token: 'x'.repeat(32) },
  })),
  route('POST', `${M}/leave`, 'json', (w) => ({ participantId: w.participants.linkGuest.id, token: w.participants.linkGuest.token })),
  route('GET', `${M}/participants`),
  route('GET', `${M}/rtc`, 'none', undefined, { checkId: 'check-12345678' }),
  route('GET', `${M}/chat`),
  route('POST', `${M}/chat`, 'json', () => ({ text: 'hello there' })),
  route('POST', `${M}/files`, 'bytes', undefined, { name: 'minutes.txt' }),
  route('GET', `${M}/files/:file`, 'none', undefined, { inline: '1' }),
  route('POST', `${M}/media-check`, 'json', () => ({
    type: 'step',
    checkId: 'check-12345678',
    name: 'Gus',
    step: 'camera',
    outcome: 'failed',
    detail: 'denied',
  })),
  route('POST', `${M}/media-check`, 'json', () => ({
    type: 'troubleshooting',
    checkId: 'check-12345678',
    problem: 'camera-denied',
    platform: 'Chrome on Windows',
    title: 'Allow the camera',
    steps: ['Click the camera icon', 'Choose Allow'],
  })),
  route('GET', `${M}/dial-in`),
  route('POST', `${M}/dial-in/calls/:caller/mute`, 'json', () => ({ muted: true })),
  route('DELETE', `${M}/dial-in/calls/:caller`),
  route('POST', `${M}/recordings`),
  route('PUT', `${M}/recordings/:recording/chunks/:seq`, 'bytes'),
  route('POST', `${M}/recordings/:recording/stop`),
  route('GET', `${M}/recordings`),
  route('GET', `${M}/recordings/:readyRecording/file`, 'none', undefined, { download: '1' }),
  route('DELETE', `${M}/recordings/:readyRecording`),
  route('GET', '/api/recordings'),
  route('POST', `${M}/lobby`, 'json', () => ({
    name: 'Wanda',
    audioMuted: true,
    videoMuted: false,
    clientHints: { mobile: true, platform: 'Android' },
  })),
  route('GET', `${M}/lobby`),
  route('POST', `${M}/lobby/:waiter/admit`),
  route('POST', `${M}/lobby/:waiter/decline`),
  route('PUT', `${M}/lock`, 'json', () => ({ locked: true })),
  route('POST', `${M}/end`),
  route('POST', `${M}/participants/:participant/moderate`, 'json', () => ({ action: 'ask-unmute' })),
  route('DELETE', `${M}/participants/:participant`),
  route('GET', '/api/admin/accounts', 'none', undefined, { offset: '0', limit: '25', search: 'example' }),
  route('PATCH', '/api/admin/accounts/:account/features', 'json', () => ({ recording: false, backgroundBlur: true })),
  route('GET', '/api/admin/audit', 'none', undefined, { offset: '0', limit: '10' }),
  route('GET', '/api/auth/embedding'),
  route('PUT', '/api/auth/embedding', 'json', () => ({ origins: ['https://crm.example.com'] })),
  route('GET', '/api/auth/api-keys'),
  route('POST', '/api/auth/api-keys', 'json', () => ({ name: 'CRM', scopes: ['meetings:read', 'invites:write'] })),
  route('DELETE', '/api/auth/api-keys/:apiKey'),
  route('GET', '/api/admin/api-keys'),
  route('POST', '/api/admin/api-keys', 'json', () => ({ name: 'Provisioning', scopes: ['meetings:write'] })),
  route('DELETE', '/api/admin/api-keys/:apiKey'),
  route('GET', '/api/auth/webhooks'),
  route('POST', '/api/auth/webhooks', 'json', () => ({ url: 'https://93.184.215.14/hook', events: ['meeting.ended'] })),
  route('DELETE', '/api/auth/webhooks/:webhook'),
  route('GET', '/api/auth/webhooks/:webhook/deliveries'),
  route('POST', '/api/auth/webhooks/:webhook/test'),
  // The public API: an API key or nothing (no caller of the world holds one: every one of them gets 401).
  route('GET', '/api/v1/openapi.json'),
  route('POST', '/api/v1/meetings', 'json', () => ({ title: 'Call', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30 })),
  route('GET', '/api/v1/meetings', 'none', undefined, { limit: '10', offset: '0', q: 'review' }),
  route('GET', `${V1}`),
  route('PATCH', `${V1}`, 'json', () => ({ title: 'Renamed' })),
  route('DELETE', `${V1}`),
  route('POST', `${V1}/invitations`, 'json', () => ({ guestName: 'Gina', guestEmail: 'gina@example.org' })),
  route('GET', `${V1}/invitations`),
  route('DELETE', `${V1}/invitations/:invite`),
  route('POST', `${V1}/join-links`, 'json', () => ({ guestName: 'Jo', validForMinutes: 60 })),
  route('GET', `${V1}/link`),
  route('POST', `${V1}/link`),
  route('GET', `${V1}/dial-in`),
  route('GET', `${V1}/participants`),
  route('GET', `${V1}/recordings`),
  route('GET', `${V1}/recordings/:readyRecording/file`),
  route('DELETE', `${V1}/recordings/:readyRecording`),
  route('POST', '/api/v1/webhooks', 'json', () => ({ url: 'https://93.184.215.14/hook', events: ['meeting.ended'] })),
  route('GET', '/api/v1/webhooks'),
  route('GET', '/api/v1/webhooks/:webhook'),
  route('DELETE', '/api/v1/webhooks/:webhook'),
  route('GET', '/api/v1/webhooks/:webhook/deliveries'),
  route('POST', '/api/v1/webhooks/:webhook/test'),
  route('POST', '/api/dial-in/twilio/voice', 'form'),
  route('POST', '/api/dial-in/twilio/pin', 'form', undefined, { attempt: '1' }),
  route('POST', '/api/dial-in/twilio/wait', 'form', undefined, {
    meeting: 'AAAAAAAAAAAAAAAAAAAAAA',
    waiter: 'BBBBBBBBBBBBBBBBBBBBBB',
    n: '1',
  }),
  route('POST', '/api/dial-in/twilio/enter', 'form', undefined, { meeting: 'AAAAAAAAAAAAAAAAAAAAAA', token: 'aaaaaaaaaaaa.bbbbbbbbbbbb' }),
  route('POST', '/api/dial-in/twilio/resume', 'form', undefined, { meeting: 'AAAAAAAAAAAAAAAAAAAAAA', token: 'aaaaaaaaaaaa.bbbbbbbbbbbb' }),
];

/** The world's good value for a path parameter. */
export function validParam(world: TestWorld, name: PathParam): string {
  switch (name) {
    case 'meeting':
      return world.meetingId;
    case 'invite':
      return world.invites.invited.id;
    case 'file':
      return world.fileId;
    case 'recording':
      return world.recordingIds.running;
    case 'readyRecording':
      return world.recordingIds.ready;
    case 'seq':
      return '0';
    case 'caller':
      return world.callerId;
    case 'waiter':
      return world.waiterId;
    case 'participant':
      return world.participants.linkGuest.id;
    case 'account':
      return world.other.user.id;
    case 'apiKey':
      return world.apiKey.id;
    case 'webhook':
      return world.webhookId;
  }
}

/** Other ids of the world, to put where they do not belong (another meeting's id, an invite id as a meeting…). */
export function otherIds(world: TestWorld): string[] {
  return [
    world.otherMeetingId,
    world.meetingId,
    world.invites.revoked.id,
    world.participants.host.id,
    world.participants.other.id,
    world.recordingIds.ready,
    world.fileId,
    world.host.user.id,
    world.linkToken,
    world.waiterId,
    world.callerId,
    world.apiKey.id,
    world.webhookId,
  ];
}
