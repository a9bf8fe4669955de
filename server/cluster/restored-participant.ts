import { meetingEnded, wasRemoved } from '../host-controls/entry-policy.ts';
import type { RoomHub } from '../rooms/room-hub.ts';
import type { Storage } from '../storage/repositories.ts';

/**
 * A participant rebuilt on this node from another node's signed token (a failover) opens their
 * room channel: the meeting must still be on, and the host must not have removed them (both in
 * the storage, since this node's hub never saw them). Anyone this node let in itself passes.
 */
export async function restoredStillWelcome(
  storage: Pick<Storage, 'meetings'>,
  hub: Pick<RoomHub, 'restoredOf'>,
  clock: () => Date,
  meetingId: string,
  participantId: string,
): Promise<boolean> {
  const restored = hub.restoredOf(meetingId, participantId);
  if (!restored) return true;
  const meeting = await storage.meetings.byId(meetingId);
  if (!meeting || meetingEnded(meeting, clock())) return false;
  return !wasRemoved(meeting, { inviteId: null, deviceId: restored.deviceId });
}
