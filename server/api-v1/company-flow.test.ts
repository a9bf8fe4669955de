import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { testConfig } from '../config.ts';
import { createApiWorld } from '../../test/server/api-v1-world.ts';
import { startWebhookReceiver } from '../../test/server/webhook-receiver.ts';

const RECORDED = readFileSync(new URL('../../test/fixtures/chrome-vp8-opus-3s.webm', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Issue 24's "done when": a company, with one key and the docs alone, creates a meeting, invites
 * a guest, gets `guest.waiting` and `meeting.ended` webhooks, and downloads the recording. The
 * guest's browser and the host's page are played by the app's own API, as their pages call it.
 */
describe('a company integrating with one API key', () => {
  it('creates a meeting, invites a guest, hears guest.waiting, recording.ready and meeting.ended, and downloads the recording', async () => {
    const t = await createApiWorld({ webhooks: { ...testConfig().webhooks, allowPrivate: true } });
    cleanups.push(() => t.webhooks.stop());
    t.webhooks.start();
    const receiver = await startWebhookReceiver();
    cleanups.push(receiver.close);
    await t.accountFeatures.set({ id: t.host.user.id }, { recording: true }, { kind: 'cli', osUser: 'test' });
    const key = await t.makeKey();
    const api = (method: string, path: string, body?: unknown) => t.checked(key, method, path, body);

    // The company's side: a webhook endpoint, a meeting, an invitation.
    const events = ['meeting.started', 'guest.waiting', 'recording.ready', 'meeting.ended'];
    const { secret } = (await api('POST', '/webhooks', { url: receiver.url(), events })).body as { secret: string };
    const meeting = (await api('POST', '/meetings', { title: 'Onboarding call', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30 }))
      .body as { id: string; waitingRoom: boolean };
    expect(meeting.waitingRoom).toBe(true);
    const invitation = (await api('POST', `/meetings/${meeting.id}/invitations`, { guestName: 'Gus Guest', guestEmail: 'gus@example.org' }))
      .body as { url: string; state: string };
    expect(invitation.state).toBe('sent');

    // The guest opens the personal link and asks to enter: the company hears it.
    const guestAccess = { [INVITE_HEADER]: new URL(invitation.url).searchParams.get('invite')! };
    const knock = await t.json('POST', `/api/meetings/${meeting.id}/lobby`, { name: 'Gus Guest' }, guestAccess);
    expect((await knock.json()).state).toBe('waiting');
    const eventOf = async (type: string) => {
      await vi.waitFor(() => expect(receiver.events().map((e) => e.type)).toContain(type));
      return receiver.events().find((e) => e.type === type)!;
    };
    expect((await eventOf('guest.waiting')).data).toEqual({
      meeting: { id: meeting.id, title: 'Onboarding call' },
      guest: { name: 'Gus Guest', kind: 'browser', removedBefore: false },
    });

    // The host's page: joins, records three seconds, stops, ends the meeting for everyone.
    const joined = await (await t.json('POST', `/api/meetings/${meeting.id}/join`, { name: 'Hanna' }, t.host.headers)).json();
    t.hub.connect(meeting.id, joined.participant.id, { send() {}, close() {} });
    expect((await eventOf('meeting.started')).data).toEqual({ meeting: { id: meeting.id, title: 'Onboarding call' } });
    const inCall = { ...t.host.headers, [PARTICIPANT_ID_HEADER]: joined.participant.id, [PARTICIPANT_TOKEN_HEADER]: joined.token };
    const started = await (await t.json('POST', `/api/meetings/${meeting.id}/recordings`, undefined, inCall)).json();
    const recordingId = started.recording.id as string;
    const put = await t.app.request(`/api/meetings/${meeting.id}/recordings/${recordingId}/chunks/0`, {
      method: 'PUT',
      headers: { ...t.host.headers, 'content-type': 'application/octet-stream' },
      body: RECORDED,
    });
    expect(put.status).toBe(200);
    expect((await t.json('POST', `/api/meetings/${meeting.id}/recordings/${recordingId}/stop`, undefined, t.host.headers)).status).toBe(
      200,
    );
    expect((await eventOf('recording.ready')).data.recording).toMatchObject({ id: recordingId, meetingId: meeting.id, state: 'ready' });
    expect((await t.json('POST', `/api/meetings/${meeting.id}/end`, undefined, t.host.headers)).status).toBe(204);
    expect((await eventOf('meeting.ended')).data).toEqual({ meeting: { id: meeting.id, title: 'Onboarding call' } });

    // Every webhook was signed with the endpoint's secret.
    for (const request of receiver.received) {
      const { t: stamp, v1 } = Object.fromEntries(
        String(request.headers['x-webhook-signature'])
          .split(',')
          .map((p) => p.split('=')),
      );
      expect(v1).toBe(createHmac('sha256', secret).update(`${stamp}.${request.body}`).digest('hex'));
    }

    // The company fetches the recording.
    const { recordings } = (await api('GET', `/meetings/${meeting.id}/recordings`)).body as { recordings: { id: string; size: number }[] };
    expect(recordings.map((r) => r.id)).toEqual([recordingId]);
    const file = await api('GET', `/meetings/${meeting.id}/recordings/${recordingId}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('video/webm');
    expect((await file.res.arrayBuffer()).byteLength).toBe(recordings[0]!.size);
  });
});
