import { MEETING_WINDOW_EARLY_MS } from '../../shared/api/host-controls.ts';
import { ErrorCode } from '../../shared/api/errors.ts';
import { ApiError } from '../lib/api-error.ts';
import type { MeetingRecord } from '../storage/records.ts';
import { type GuestIdentity, removalMatches } from '../storage/removal-match.ts';

export type { GuestIdentity };

/**
 * Whether "End call for everyone" still keeps guests out. The end holds until the host
 * enters again (which clears `endedAt`), with one exception: a meeting ended before its
 * scheduled window opened (15 minutes before `startsAt`; a host trying the room out
 * beforehand) opens again for guests when that window comes.
 */
export function meetingEnded(meeting: Pick<MeetingRecord, 'endedAt' | 'startsAt'>, now: Date): boolean {
  if (!meeting.endedAt) return false;
  const opensAt = new Date(meeting.startsAt).getTime() - MEETING_WINDOW_EARLY_MS;
  const endedAt = new Date(meeting.endedAt).getTime();
  return !(opensAt > endedAt && now.getTime() >= opensAt);
}

/** Removed earlier: the same personal invite (any browser), or the same browser (any link). */
export function wasRemoved(meeting: Pick<MeetingRecord, 'removedGuests'>, who: GuestIdentity): boolean {
  return (meeting.removedGuests ?? []).some((r) => removalMatches(r, who));
}

/** Does this removal name this guest (storage/removal-match.ts: the rule the storage applies too). */
export const matches = removalMatches;

export const refusal = {
  ended: () => new ApiError(ErrorCode.MeetingEnded, 'The host ended the meeting. You can enter again when the host starts it.'),
  locked: () => new ApiError(ErrorCode.MeetingLocked, 'The meeting is locked: the host is not letting anyone new in.'),
  removed: () =>
    new ApiError(ErrorCode.RemovedByHost, 'The host removed you from this meeting. Ask to join again and the host can let you back in.'),
  admission: () => new ApiError(ErrorCode.AdmissionRequired, 'This meeting has a waiting room: ask to join and the host lets you in.'),
};
