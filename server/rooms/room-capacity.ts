import { ErrorCode } from '../../shared/api/errors.ts';
import type { MeetingMediaMode } from '../../shared/api/meetings.ts';
import { MESH_ROOM_MAX } from '../sfu/sfu-config.ts';
import { ApiError } from '../lib/api-error.ts';
import type { RoomHub } from './room-hub.ts';

/**
 * ROOM_MAX: how many people one meeting holds at once (everyone the hub knows: on the roster,
 * reconnecting, or joined and not yet on it). Checked before a join, a knock and an admission;
 * someone already in (a reload with a rejoin ticket) is never refused.
 */
export interface RoomCapacity {
  /** The cap now (it may depend on whether the SFU runs); a meeting pinned to the mesh holds the mesh's at most. */
  max(mediaMode?: MeetingMediaMode): number;
  isFull(meeting: CappedMeeting): boolean;
  /** Throws `room_full` (409) when nobody else fits. */
  refuseIfFull(meeting: CappedMeeting): void;
}

/** What the cap reads of a meeting. */
export type CappedMeeting = { id: string; mediaMode?: MeetingMediaMode | undefined };

export const roomFull = (max: number) =>
  new ApiError(ErrorCode.RoomFull, `This meeting is full: at most ${max} people can be in it at once. Try again when someone leaves.`);

export function createRoomCapacity(hub: Pick<RoomHub, 'headcount'>, roomMax: () => number): RoomCapacity {
  const max = (mediaMode?: MeetingMediaMode) => (mediaMode === 'mesh' ? Math.min(roomMax(), MESH_ROOM_MAX) : roomMax());
  const isFull = (meeting: CappedMeeting) => hub.headcount(meeting.id) >= max(meeting.mediaMode);
  return {
    max,
    isFull,
    refuseIfFull(meeting) {
      if (isFull(meeting)) throw roomFull(max(meeting.mediaMode));
    },
  };
}
