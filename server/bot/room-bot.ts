import type { ChatNote } from '../../shared/chat-notes.ts';
import type { MediaCheckReport } from '../../shared/media-check.ts';
import type { ChatService } from '../chat/chat-service.ts';
import type { DeviceDescription } from './describe-device.ts';
import { englishNote } from './english-note.ts';

/** A media check's name is remembered this long after its last report (a check takes minutes). */
export const CHECK_NAME_TTL_MS = 6 * 60 * 60_000;
/** At most this many checks' names at once (the oldest go first). */
export const CHECK_NAMES_MAX = 10_000;

/**
 * The room assistant: briefs the host about guests (device, media check, the
 * troubleshooting they saw). Its notes are host-only chat messages.
 */
export function createRoomBot(chat: ChatService, { now = () => new Date(), maxNames = CHECK_NAMES_MAX } = {}) {
  /**
   * Names from media-check reports, by check id, for when the guest has not joined yet; oldest
   * report first. Forgotten when their meeting empties, after `CHECK_NAME_TTL_MS`, or beyond `maxNames`.
   */
  const names = new Map<string, { meetingId: string; name: string; at: number }>();
  const label = (meetingId: string, checkId: string, name: string | undefined) => {
    const known = names.get(checkId);
    const kept = name ?? (known?.meetingId === meetingId ? known.name : undefined);
    if (kept) {
      names.delete(checkId);
      names.set(checkId, { meetingId, name: kept, at: now().getTime() });
      for (const oldest of names.keys()) {
        if (names.size <= maxNames) break;
        names.delete(oldest);
      }
    }
    return kept ?? null;
  };
  /** A host-only note: the event, and its English sentence for what reads the chat as text. */
  const note = (meetingId: string, event: ChatNote) => chat.botNote(meetingId, event, englishNote(event));

  return {
    /** The meeting emptied or ended: its checks' names go. */
    forgetMeeting(meetingId: string): void {
      for (const [checkId, entry] of names) if (entry.meetingId === meetingId) names.delete(checkId);
    },
    /** Drops names not reported for `CHECK_NAME_TTL_MS`; how many went. */
    sweep(): number {
      const cutoff = now().getTime() - CHECK_NAME_TTL_MS;
      let gone = 0;
      for (const [checkId, entry] of names) {
        if (entry.at > cutoff) break;
        names.delete(checkId);
        gone++;
      }
      return gone;
    },
    sizes: () => ({ checkNames: names.size }),
    guestJoined(meetingId: string, name: string, device: DeviceDescription) {
      return note(meetingId, { type: 'guest-joined', name, device });
    },
    /** Someone knocked at the waiting room (the host admits or declines them). */
    guestWaiting(meetingId: string, name: string, device: DeviceDescription, removedBefore: boolean) {
      return note(meetingId, { type: 'guest-waiting', name, device, removedBefore });
    },
    /** A caller with the right PIN waits on the line for the host. */
    phoneWaiting(meetingId: string, name: string, removedBefore: boolean) {
      return note(meetingId, { type: 'phone-waiting', name, removedBefore });
    },
    guestDialledIn(meetingId: string, name: string) {
      return note(meetingId, { type: 'dialled-in', name });
    },
    mediaCheck(meetingId: string, report: MediaCheckReport) {
      const who = label(meetingId, report.checkId, report.name);
      if (report.type === 'troubleshooting') {
        // The device is named once, from the User-Agent and client hints, in the join or waiting note; the page's own
        // guess at its platform (which picks the steps: "Chrome" for Chromium too) is not repeated here as a second name.
        return note(meetingId, { type: 'troubleshooting', name: who, title: report.title, steps: report.steps });
      }
      return note(meetingId, {
        type: 'check-step',
        name: who,
        step: report.step,
        outcome: report.outcome,
        ...(report.detail ? { detail: report.detail } : {}),
        ...(report.detailKey ? { detailKey: report.detailKey } : {}),
      });
    },
  };
}

export type RoomBot = ReturnType<typeof createRoomBot>;
