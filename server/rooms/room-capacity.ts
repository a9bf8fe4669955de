import { ErrorCode } from '../../shared/api/errors.ts';
import { ApiError } from '../lib/api-error.ts';
import type { RoomHub } from './room-hub.ts';

/**
 * ROOM_MAX: how many people one meeting holds at once (everyone the hub knows: on the roster,
 * reconnecting, or joined and not yet on it). Checked before a join, a knock and an admission;
 * someone already in (a reload with a rejoin ticket) is never refused.
 */
export interface RoomCapacity {
  /** The cap now (it may depend on whether the SFU runs). */
  max(): number;
  isFull(meetingId: string): boolean;
  /** Throws `room_full` (409) when nobody else fits. */
  refuseIfFull(meetingId: string): void;
}

export const roomFull = (max: number) =>
  new ApiError(ErrorCode.RoomFull, `This meeting is full: at most ${max} people can be in it at once. Try again when someone leaves.`);

export function createRoomCapacity(hub: Pick<RoomHub, 'headcount'>, max: () => number): RoomCapacity {
  const isFull = (meetingId: string) => hub.headcount(meetingId) >= max();
  return {
    max,
    isFull,
    refuseIfFull(meetingId) {
      if (isFull(meetingId)) throw roomFull(max());
    },
  };
}
