import type { RoomStateRepository } from './repositories.ts';

/**
 * Locks and admissions in this process's memory: the lowdb mode's, where one process owns the
 * data folder, so no other node needs to see them (they last while the process does).
 */
export function memoryRoomStates(): RoomStateRepository {
  const locked = new Set<string>();
  const admitted = new Map<string, Set<string>>();
  return {
    isLocked: async (meetingId) => locked.has(meetingId),
    async setLocked(meetingId, value) {
      if (value) locked.add(meetingId);
      else locked.delete(meetingId);
    },
    async admit(meetingId, key) {
      let keys = admitted.get(meetingId);
      if (!keys) admitted.set(meetingId, (keys = new Set()));
      keys.add(key);
    },
    isAdmitted: async (meetingId, key) => admitted.get(meetingId)?.has(key) ?? false,
    async forgetDevice(meetingId, device) {
      const keys = admitted.get(meetingId);
      for (const key of [...(keys ?? [])]) if (key.endsWith(`|${device}`)) keys!.delete(key);
    },
    async clear(meetingId) {
      locked.delete(meetingId);
      admitted.delete(meetingId);
    },
    held() {
      let admittedBrowsers = 0;
      for (const keys of admitted.values()) admittedBrowsers += keys.size;
      return {
        meetingIds: [...new Set([...locked, ...admitted.keys()])],
        locks: locked.size,
        admittedMeetings: admitted.size,
        admittedBrowsers,
      };
    },
  };
}
