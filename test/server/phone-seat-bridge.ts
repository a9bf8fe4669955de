import { LeaveReason } from '../../shared/room-events.ts';
import { joinRoomAsPhone } from '../../server/dialin/bridge/room-presence.ts';
import type { BridgeStarter } from '../../server/dialin/dial-in-service.ts';
import type { RoomHub } from '../../server/rooms/room-hub.ts';

const noStats = {
  uplink: { count: 0, p50: 0, p95: 0, max: 0 },
  downlink: { count: 0, p50: 0, p95: 0, max: 0 },
  connections: 0,
  playoutLagMs: 0,
};

/**
 * Test double (tests only): a phone bridge that takes its seat in the room as a real caller's
 * would (the real room presence), without media. `hub()` is read when a call starts.
 */
export function phoneSeatBridge(hub: () => RoomHub): BridgeStarter {
  return async ({ meetingId, displayName, onEnded }) => {
    const presence = joinRoomAsPhone({
      hub: hub(),
      meetingId,
      name: displayName,
      onEvent: () => undefined,
      onClosed: (_c, reason) => onEnded(reason),
    });
    presence.open();
    return {
      participantId: presence.participantId,
      muted: false,
      setMuted: () => undefined,
      hangUp: (reason, leave = LeaveReason.Left) => {
        presence.leave(leave);
        onEnded(reason);
      },
      stats: () => noStats,
    };
  };
}

/** A Media Stream as the dial-in service sees it, that goes nowhere. */
export const silentCallerStream = (callSid: string) => ({
  callSid,
  streamSid: 'MZ1',
  attach() {},
  sendAudio() {},
  sendMark() {},
  clear() {},
  hangUp() {},
});
