import type { MeetingMediaMode } from '../../shared/api/meetings.ts';
import { LeaveReason, MediaMode } from '../../shared/room-events.ts';
import { logFor } from '../lib/log.ts';
import type { RoomHub } from '../rooms/room-hub.ts';
import type { SfuService } from './sfu-service.ts';

const log = logFor('sfu');

export interface MediaModesOptions {
  hub: RoomHub;
  sfu: SfuService;
  /** MESH_MAX: one more participant than this moves the meeting to the SFU. */
  meshMax: number;
  /** The meeting's own setting: auto, or pinned to the mesh or the SFU. */
  pinOf?: (meetingId: string) => Promise<MeetingMediaMode>;
}

/**
 * Each meeting's media mode. A meeting starts on the mesh; when a join takes it past MESH_MAX (and
 * the SFU runs), or at its first join when it is pinned to the SFU (never when pinned to the mesh), its VideoRoom is created and every page hears `media-mode: sfu` on the room channel
 * (and every later welcome says so). It stays on the SFU until it empties, when its room is
 * destroyed. A participant the host removes has their feed kicked from the room (the proxy closes
 * their Janus sessions, sfu-proxy.ts).
 */
export interface MediaModes {
  modeOf(meetingId: string): MediaMode;
  /** Meetings on the SFU now. */
  onSfu(): string[];
  /** Tells `listener` of each meeting that has just moved to the SFU; returns the unsubscribe. */
  onSwitched(listener: (meetingId: string) => void): () => void;
  close(): void;
}

export function createMediaModes({ hub, sfu, meshMax, pinOf = async () => 'auto' }: MediaModesOptions): MediaModes {
  const sfuMeetings = new Set<string>();
  const switching = new Set<string>();
  const switchListeners = new Set<(meetingId: string) => void>();

  const switchToSfu = async (meetingId: string) => {
    const rooms = sfu.rooms();
    if (!rooms || switching.has(meetingId) || sfuMeetings.has(meetingId)) return;
    switching.add(meetingId);
    try {
      await rooms.ensure(meetingId);
      // Everyone may have gone while the room was being made.
      if (hub.headcount(meetingId) === 0) {
        await rooms.destroy(meetingId);
        return;
      }
      sfuMeetings.add(meetingId);
      hub.publish(meetingId, { type: 'media-mode', mode: MediaMode.Sfu });
      log.info({ meetingId, participants: hub.headcount(meetingId) }, 'meeting moved to the SFU');
      for (const listener of switchListeners) listener(meetingId);
    } catch (error) {
      log.error({ err: error, meetingId }, 'creating the meeting room on Janus failed: the meeting stays on the mesh');
    } finally {
      switching.delete(meetingId);
    }
  };

  const stopEvents = hub.subscribe((event) => {
    if (event.type === 'joined' && !sfuMeetings.has(event.meetingId) && sfu.rooms()) {
      const { meetingId } = event;
      void pinOf(meetingId)
        .then((pin) => {
          if (pin === 'sfu' || (pin === 'auto' && hub.participants(meetingId).length > meshMax)) return switchToSfu(meetingId);
        })
        .catch((error) => log.warn({ err: error, meetingId }, 'reading the meeting’s media setting failed'));
    }
    if (event.type === 'left' && event.reason === LeaveReason.Removed && sfuMeetings.has(event.meetingId)) {
      void sfu
        .rooms()
        ?.kick(event.meetingId, event.participant.id)
        .catch((error) => log.warn({ err: error }, 'kicking a removed participant from the SFU room failed'));
    }
  });
  const stopEmptied = hub.onEmptied((meetingId) => {
    if (!sfuMeetings.delete(meetingId)) return;
    void sfu
      .rooms()
      ?.destroy(meetingId)
      .catch((error) => log.warn({ err: error, meetingId }, 'destroying the SFU room failed'));
  });
  // Janus started again: the rooms are gone. Meetings on the SFU get theirs back; pages reconnect through the proxy.
  const stopRestarts = sfu.onRestart(() => {
    for (const meetingId of sfuMeetings)
      void sfu
        .rooms()
        ?.ensure(meetingId)
        .catch(() => undefined);
  });

  const modes: MediaModes = {
    modeOf: (meetingId) => (sfuMeetings.has(meetingId) ? MediaMode.Sfu : MediaMode.Mesh),
    onSfu: () => [...sfuMeetings],
    onSwitched(listener) {
      switchListeners.add(listener);
      return () => switchListeners.delete(listener);
    },
    close() {
      stopEvents();
      stopEmptied();
      stopRestarts();
    },
  };
  hub.setMediaModeSource(modes.modeOf);
  return modes;
}
