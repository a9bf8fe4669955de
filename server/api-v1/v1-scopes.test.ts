import { beforeAll, describe, expect, it } from 'vitest';
import { API_SCOPES, type ApiScope } from '../../shared/api/api-keys.ts';
import { type ApiWorld, createApiWorld } from '../../test/server/api-v1-world.ts';

interface Documented {
  method: string;
  path: string;
  operationId: string;
  scope: ApiScope;
}

/** A request for each operation of the document, against the world's meeting, invitation and recording. */
type Sample = (ids: { meetingId: string; invitationId: string; recordingId: string; webhookId: string }) => {
  path: string;
  body?: unknown;
  ok: number;
};
const SAMPLES: Record<string, Sample> = {
  createMeeting: () => ({ path: '/meetings', body: { title: 'Demo', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30 }, ok: 201 }),
  listMeetings: () => ({ path: '/meetings', ok: 200 }),
  getMeeting: ({ meetingId }) => ({ path: `/meetings/${meetingId}`, ok: 200 }),
  updateMeeting: ({ meetingId }) => ({ path: `/meetings/${meetingId}`, body: { title: 'Renamed' }, ok: 200 }),
  deleteMeeting: ({ meetingId }) => ({ path: `/meetings/${meetingId}`, ok: 204 }),
  createInvitation: ({ meetingId }) => ({
    path: `/meetings/${meetingId}/invitations`,
    body: { guestName: 'Gus Guest', guestEmail: 'gus@example.org' },
    ok: 201,
  }),
  listInvitations: ({ meetingId }) => ({ path: `/meetings/${meetingId}/invitations`, ok: 200 }),
  createJoinLink: ({ meetingId }) => ({ path: `/meetings/${meetingId}/join-links`, body: { guestName: 'Ada' }, ok: 201 }),
  revokeInvitation: ({ meetingId, invitationId }) => ({ path: `/meetings/${meetingId}/invitations/${invitationId}`, ok: 204 }),
  getSharedLink: ({ meetingId }) => ({ path: `/meetings/${meetingId}/link`, ok: 200 }),
  renewSharedLink: ({ meetingId }) => ({ path: `/meetings/${meetingId}/link`, ok: 200 }),
  getDialIn: ({ meetingId }) => ({ path: `/meetings/${meetingId}/dial-in`, ok: 200 }),
  listParticipants: ({ meetingId }) => ({ path: `/meetings/${meetingId}/participants`, ok: 200 }),
  listRecordings: ({ meetingId }) => ({ path: `/meetings/${meetingId}/recordings`, ok: 200 }),
  downloadRecording: ({ meetingId, recordingId }) => ({ path: `/meetings/${meetingId}/recordings/${recordingId}/file`, ok: 200 }),
  deleteRecording: ({ meetingId, recordingId }) => ({ path: `/meetings/${meetingId}/recordings/${recordingId}`, ok: 204 }),
  createWebhook: () => ({ path: '/webhooks', body: { url: 'https://93.184.215.14/hook', events: ['meeting.ended'] }, ok: 201 }),
  listWebhooks: () => ({ path: '/webhooks', ok: 200 }),
  getWebhook: ({ webhookId }) => ({ path: `/webhooks/${webhookId}`, ok: 200 }),
  deleteWebhook: ({ webhookId }) => ({ path: `/webhooks/${webhookId}`, ok: 204 }),
  listWebhookDeliveries: ({ webhookId }) => ({ path: `/webhooks/${webhookId}/deliveries`, ok: 200 }),
  sendTestWebhook: ({ webhookId }) => ({ path: `/webhooks/${webhookId}/test`, ok: 202 }),
};

async function documented(): Promise<Documented[]> {
  const t = await createApiWorld();
  const doc = await (await t.call(null, 'GET', '/openapi.json')).json();
  return Object.entries(doc.paths as Record<string, Record<string, { operationId: string; 'x-scope': ApiScope }>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: op.operationId, scope: op['x-scope'] })),
  );
}

/** A world with a meeting, an invitation and a finished recording. */
async function furnished() {
  const t = await createApiWorld();
  const meeting = await t.createMeeting(t.host.headers);
  const invite = await (
    await t.json('POST', `/api/meetings/${meeting.id}/invites`, { guestName: 'Ida', guestEmail: 'ida@example.org' }, t.host.headers)
  ).json();
  const recordingId = await t.readyRecording(meeting.id, new Uint8Array([1, 2, 3]));
  const { endpoint } = await t.webhooks.register(t.host.user.id, { url: 'https://93.184.215.14/hook', events: ['guest.waiting'] });
  return { t, ids: { meetingId: meeting.id, invitationId: invite.id as string, recordingId, webhookId: endpoint.id } };
}

/** Everything stored but the keys themselves (whose last use a request notes). */
const state = async (t: ApiWorld) => {
  const { apiKeys: _keys, ...rest } = await t.storage.dump();
  return rest;
};

const operations = await documented();

describe('every operation of /api/v1 and its scope', () => {
  beforeAll(() => {
    expect(operations.map((o) => o.operationId).sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  describe.each(operations)('$method $path ($scope)', ({ method, operationId, scope }) => {
    it('works with a key holding just that scope', async () => {
      const { t, ids } = await furnished();
      const sample = SAMPLES[operationId]!(ids);
      const res = await t.call(await t.makeKey([scope]), method, sample.path, sample.body);
      expect(res.status, await res.clone().text()).toBe(sample.ok);
    });

    it('is refused (403) to a key with every other scope, changing nothing', async () => {
      const { t, ids } = await furnished();
      const sample = SAMPLES[operationId]!(ids);
      const key = await t.makeKey(API_SCOPES.filter((s) => s !== scope));
      const before = await state(t);
      const res = await t.call(key, method, sample.path, sample.body);
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toBe(`this API key lacks the scope ${scope}`);
      expect(await state(t)).toEqual(before);
      expect(t.mailer.sent).toHaveLength(1);
    });

    it('is refused (401) without a key and with a revoked one, changing nothing', async () => {
      const { t, ids } = await furnished();
      const sample = SAMPLES[operationId]!(ids);
      const key = await t.makeKey();
      const [made] = (await t.storage.dump()).apiKeys;
      expect((await t.json('DELETE', `/api/auth/api-keys/${made!.id}`, undefined, t.host.headers)).status).toBe(204);
      const before = await state(t);
      const revoked = await t.call(key, method, sample.path, sample.body);
      expect(revoked.status).toBe(401);
      expect((await revoked.json()).error.message).toBe('this API key was revoked');
      expect((await t.call(null, method, sample.path, sample.body)).status).toBe(401);
      expect((await t.call('mrk_not-a-key', method, sample.path, sample.body)).status).toBe(401);
      // A session token is not an API key, even as a bearer.
      const session = t.host.headers.cookie!.split('=')[1]!;
      expect((await t.call(session, method, sample.path, sample.body)).status).toBe(401);
      expect(await state(t)).toEqual(before);
    });
  });
});
