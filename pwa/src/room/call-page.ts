import type { CallStatus } from '../call/create-call.ts';
import type { LobbyStatus } from '../host-controls/lobby-types.ts';

/** What a meeting page shows once it is open: the pre-join page, the waiting room, the room, or how the visit ended. */
export type CallPage = 'pre-join' | 'rejoining' | 'waiting' | 'declined' | 'elsewhere' | 'room' | 'ended' | 'removed' | 'left' | 'failed';

/**
 * The page for the call's status and the waiting room's. Joining (and in the call until the room is
 * drawn, room/join-phase.ts) is still the pre-join page, so the click's change of status (idle →
 * joining) changes no page: the view that reads this does not re-draw the pre-join page in the
 * click's task. `rejoining`: a reload of a page that was in this call, which shows no pre-join page.
 */
export function callPage(status: CallStatus, drawRoom: boolean, lobby: LobbyStatus, rejoining: boolean): CallPage {
  const joining = status === 'joining' || (status === 'in-call' && !drawRoom);
  if (!joining && status !== 'idle') return status === 'in-call' ? 'room' : status;
  if (lobby === 'waiting' || lobby === 'declined' || lobby === 'elsewhere') return lobby;
  return rejoining ? 'rejoining' : 'pre-join';
}
