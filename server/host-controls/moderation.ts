import { ErrorCode } from '../../shared/api/errors.ts';
import { ModerationAction } from '../../shared/api/host-controls.ts';
import { ParticipantRole } from '../../shared/api/participants.ts';
import { assertNever, LeaveReason } from '../../shared/room-events.ts';
import type { DialInService } from '../dialin/dial-in-service.ts';
import { ApiError, notFound } from '../lib/api-error.ts';
import type { RoomHub } from '../rooms/room-hub.ts';
import type { MeetingRepository } from '../storage/repositories.ts';
import { callerHash } from '../dialin/caller-identity.ts';
import type { GuestIdentity } from './entry-policy.ts';

export interface ModerationDeps {
  meetings: MeetingRepository;
  hub: RoomHub;
  dialIn: DialInService;
  clock: () => Date;
  /** Who a guest participant is (their invite, their browser), for remembering a removal. */
  identityOf: (participantId: string, meetingId: string) => GuestIdentity | null;
  /** Forgets that this browser was let in before (a removed guest must be let in again). */
  forget: (meetingId: string, who: GuestIdentity) => Promise<void>;
}

const conflict = (message: string) => new ApiError(ErrorCode.Conflict, message);

/**
 * The host's actions on one participant. The room's state (mute, video, share) changes
 * on the server at once, so everyone's tiles follow and receivers drop a stopped share;
 * the participant's page is told and turns its own microphone, camera or share off.
 * Unmuting is never done from afar: the host can only ask.
 */
export function createModeration({ meetings, hub, dialIn, clock, identityOf, forget }: ModerationDeps) {
  function target(meetingId: string, participantId: string) {
    const participant = hub.participants(meetingId).find((p) => p.id === participantId);
    if (!participant) throw notFound('participant');
    if (participant.role === ParticipantRole.Host) throw conflict('the host cannot be muted or removed');
    return participant;
  }

  return {
    moderate(meetingId: string, participantId: string, action: ModerationAction): void {
      const p = target(meetingId, participantId);
      if (p.role === ParticipantRole.Phone) {
        // Phone callers: the bridge mutes them (dial-in); they have no video, screen or prompt.
        if (action !== ModerationAction.Mute) throw conflict('a phone caller can only be muted or hung up');
        dialIn.mute(meetingId, participantId, true);
        return;
      }
      hub.publish(meetingId, { type: 'moderation', action }, (other) => other.id === participantId);
      switch (action) {
        case ModerationAction.AskUnmute:
          return;
        case ModerationAction.Mute:
          return hub.handleMessage(meetingId, participantId, { type: 'media-state', audioMuted: true, videoMuted: p.videoMuted });
        case ModerationAction.StopVideo:
          return hub.handleMessage(meetingId, participantId, { type: 'media-state', audioMuted: p.audioMuted, videoMuted: true });
        case ModerationAction.StopShare:
          return hub.handleMessage(meetingId, participantId, { type: 'screen-share', active: false });
        default:
          assertNever(action, 'moderation action');
      }
    },

    /**
     * Takes a participant out of the call. A guest is remembered against their personal
     * invite and their browser: coming back, they wait for the host to let them in again.
     */
    async remove(meetingId: string, participantId: string): Promise<void> {
      const p = target(meetingId, participantId);
      const phone = p.role === ParticipantRole.Phone;
      // A caller is remembered by their number (a hash of it): calling again, they wait for the host.
      const who: GuestIdentity | null = phone
        ? { inviteId: null, deviceId: null, phone: callerHash(dialIn.callerOf(meetingId, participantId)) }
        : identityOf(participantId, meetingId);
      const anonymousCaller = phone && !who?.phone;
      if (who && (who.inviteId || who.deviceId || who.phone || anonymousCaller)) {
        await meetings.addRemoval(meetingId, {
          name: p.name,
          inviteId: who.inviteId,
          deviceId: who.deviceId,
          ...(phone ? { phone: who.phone ?? null } : {}),
          at: clock().toISOString(),
        });
        await forget(meetingId, who);
      }
      if (phone) dialIn.hangUp(meetingId, participantId);
      else hub.leave(meetingId, participantId, LeaveReason.Removed);
    },
  };
}
