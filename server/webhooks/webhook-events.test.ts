import { describe, expect, it, vi } from 'vitest';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { createTestApp } from '../../test/server/test-app.ts';

/** An app whose webhook events are caught where they are queued (their delivery is webhook-delivery.test.ts's). */
async function world() {
  const t = createTestApp();
  const emitted = vi.spyOn(t.webhooks, 'emit').mockResolvedValue(undefined);
  const host = await t.signUp();
  const meeting = await t.createMeeting(host.headers, 'Support call');
  const link = await t.guestLink(host.headers, meeting.id);
  /** Joins as a page does and opens the room channel. */
  const enter = async (name: string, access: Record<string, string>) => {
    const { participant, token } = await (await t.json('POST', `/api/meetings/${meeting.id}/join`, { name }, access)).json();
    t.hub.connect(meeting.id, participant.id, { send() {}, close() {} });
    return {
      id: participant.id as string,
      headers: { ...access, [PARTICIPANT_ID_HEADER]: participant.id, [PARTICIPANT_TOKEN_HEADER]: token },
    };
  };
  const types = () => emitted.mock.calls.map(([, type]) => type);
  return { ...t, emitted, host, meeting, link, enter, types };
}

const ofMeeting = (meeting: { id: string }) => ({ meeting: { id: meeting.id, title: 'Support call' } });

describe('webhook events from meetings', () => {
  it('a call starts with its first participant, guests join and leave, and it ends when the room empties', async () => {
    const t = await world();
    const host = await t.enter('Hanna', t.host.headers);
    const guest = await t.enter('Gus', { [INVITE_HEADER]: t.link });
    await vi.waitFor(() => expect(t.types()).toEqual(['meeting.started', 'participant.joined']));
    expect(t.emitted.mock.calls[0]).toEqual([t.host.user.id, 'meeting.started', ofMeeting(t.meeting)]);
    expect(t.emitted.mock.calls[1]![2]).toEqual({ ...ofMeeting(t.meeting), participant: { id: guest.id, name: 'Gus', role: 'guest' } });
    t.hub.leave(t.meeting.id, guest.id, 'left');
    t.hub.leave(t.meeting.id, host.id, 'left');
    await vi.waitFor(() => expect(t.types()).toEqual(['meeting.started', 'participant.joined', 'participant.left', 'meeting.ended']));
    expect(t.emitted.mock.calls[2]![2]).toMatchObject({ participant: { name: 'Gus', role: 'guest' }, reason: 'left' });
    // The next call of the same meeting starts again.
    await t.enter('Hanna', t.host.headers);
    await vi.waitFor(() => expect(t.types().filter((x) => x === 'meeting.started')).toHaveLength(2));
  });

  it('a guest waiting in the waiting room', async () => {
    const t = await world();
    await t.storage.meetings.update(t.meeting.id, { waitingRoom: true });
    await t.json('POST', `/api/meetings/${t.meeting.id}/lobby`, { name: 'Wanda' }, { [INVITE_HEADER]: t.link });
    await vi.waitFor(() => expect(t.types()).toEqual(['guest.waiting']));
    expect(t.emitted.mock.calls[0]![2]).toEqual({
      ...ofMeeting(t.meeting),
      guest: { name: 'Wanda', kind: 'browser', removedBefore: false },
    });
  });

  it('an invitation whose email could not be sent', async () => {
    const t = await world();
    t.mailer.failWith('connection refused');
    await t.json('POST', `/api/meetings/${t.meeting.id}/invites`, { guestName: 'Ivy', guestEmail: 'ivy@example.org' }, t.host.headers);
    await vi.waitFor(() => expect(t.types()).toEqual(['invitation.failed']));
    expect(t.emitted.mock.calls[0]![2]).toEqual({
      ...ofMeeting(t.meeting),
      invitation: {
        id: expect.any(String),
        guestName: 'Ivy',
        guestEmail: 'ivy@example.org',
        error: expect.stringContaining('connection refused'),
      },
    });
  });

  it('a file shared in the chat', async () => {
    const t = await world();
    const guest = await t.enter('Gus', { [INVITE_HEADER]: t.link });
    const res = await t.app.request(`/api/meetings/${t.meeting.id}/files?name=notes.txt`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...guest.headers },
      body: 'meeting notes',
    });
    expect(res.status).toBe(201);
    await vi.waitFor(() => expect(t.types()).toContain('chat.file.shared'));
    const [, , data] = t.emitted.mock.calls.find(([, type]) => type === 'chat.file.shared')!;
    expect(data).toEqual({
      ...ofMeeting(t.meeting),
      file: { id: expect.any(String), name: 'notes.txt', size: 13, mime: 'text/plain' },
      sharedBy: 'Gus',
    });
  });
});
