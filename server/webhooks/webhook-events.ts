import { ParticipantRole } from '../../shared/api/participants.ts';
import { WebhookEventType } from '../../shared/api/webhooks.ts';
import type { ChatService } from '../chat/chat-service.ts';
import type { HostControls } from '../host-controls/host-controls.ts';
import type { InviteService } from '../invites/invite-service.ts';
import { logFor } from '../lib/log.ts';
import type { RecordingService } from '../recording/recording-service.ts';
import type { RoomHub } from '../rooms/room-hub.ts';
import type { MeetingRecord } from '../storage/records.ts';
import type { Storage } from '../storage/repositories.ts';
import type { WebhookService } from './webhook-service.ts';

const log = logFor('webhooks');
const meetingOf = (m: MeetingRecord) => ({ id: m.id, title: m.title });

export interface EventSources {
  storage: Pick<Storage, 'meetings'>;
  hub: RoomHub;
  hostControls: Pick<HostControls, 'onWaiting'>;
  invites: Pick<InviteService, 'onFailed'>;
  recordings: Pick<RecordingService, 'onReady'>;
  chat: Pick<ChatService, 'onFileShared'>;
}

/**
 * Turns what happens in meetings into webhook events for the meeting owner's endpoints: the room
 * hub (a call starts with its first participant and ends when the room empties; guests and
 * callers join and leave), the waiting room, invitations, recordings and chat files. Returns the
 * unsubscribe.
 */
export function emitWebhookEvents(sources: EventSources, webhooks: Pick<WebhookService, 'emit'>): () => void {
  /** Meetings whose call this process has announced as started (and not yet as ended). */
  const started = new Set<string>();
  const emit = (meeting: MeetingRecord, type: WebhookEventType, data: Record<string, unknown>) =>
    webhooks.emit(meeting.ownerId, type, { meeting: meetingOf(meeting), ...data });
  /** Looks the meeting up, then emits; a failure is logged (the meeting goes on either way). */
  const emitFor = (meetingId: string, type: WebhookEventType, data: Record<string, unknown> = {}) =>
    void (async () => {
      const meeting = await sources.storage.meetings.byId(meetingId);
      if (meeting) await emit(meeting, type, data);
    })().catch((error) => log.error({ err: error, meetingId, type }, 'cannot queue a webhook event'));
  const guarded = (work: () => Promise<void>, type: WebhookEventType) =>
    void work().catch((error) => log.error({ err: error, type }, 'cannot queue a webhook event'));

  const offHub = sources.hub.subscribe((event) => {
    if (event.type === 'dropped') return;
    const { meetingId, participant } = event;
    if (event.type === 'joined' && !started.has(meetingId)) {
      started.add(meetingId);
      emitFor(meetingId, WebhookEventType.MeetingStarted);
    }
    if (participant.role === ParticipantRole.Host) return;
    const who = { id: participant.id, name: participant.name, role: participant.role };
    if (event.type === 'joined') emitFor(meetingId, WebhookEventType.ParticipantJoined, { participant: who });
    else emitFor(meetingId, WebhookEventType.ParticipantLeft, { participant: who, reason: event.reason });
  });
  const offEmptied = sources.hub.onEmptied((meetingId) => {
    if (started.delete(meetingId)) emitFor(meetingId, WebhookEventType.MeetingEnded);
  });
  const offWaiting = sources.hostControls.onWaiting(({ meeting, name, kind, removedBefore }) =>
    guarded(() => emit(meeting, WebhookEventType.GuestWaiting, { guest: { name, kind, removedBefore } }), WebhookEventType.GuestWaiting),
  );
  const offFailed = sources.invites.onFailed(({ meeting, invite }) =>
    guarded(
      () =>
        emit(meeting, WebhookEventType.InvitationFailed, {
          invitation: { id: invite.id, guestName: invite.guestName, guestEmail: invite.guestEmail, error: invite.error },
        }),
      WebhookEventType.InvitationFailed,
    ),
  );
  const offReady = sources.recordings.onReady((recording) => emitFor(recording.meetingId, WebhookEventType.RecordingReady, { recording }));
  const offFiles = sources.chat.onFileShared((meetingId, message) =>
    emitFor(meetingId, WebhookEventType.ChatFileShared, { file: message.file, sharedBy: message.senderName }),
  );
  return () => {
    for (const off of [offHub, offEmptied, offWaiting, offFailed, offReady, offFiles]) off();
  };
}
