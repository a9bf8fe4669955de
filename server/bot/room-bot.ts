import { type MediaCheckOutcome, MediaCheckStep, type MediaCheckReport } from '../../shared/media-check.ts';
import type { ChatService } from '../chat/chat-service.ts';
import { deviceSentence, type DeviceDescription } from './describe-device.ts';

const STEP_LABEL: Record<MediaCheckStep, string> = {
  started: 'media check started',
  camera: 'camera',
  microphone: 'microphone',
  speaker: 'speaker',
  network: 'network',
  finished: 'media check finished',
};
const OUTCOME_LABEL: Record<MediaCheckOutcome, string> = { running: 'checking…', passed: 'passed', failed: 'FAILED', skipped: 'skipped' };

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
    return kept ?? 'A guest (not in the call yet)';
  };

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
      return chat.botNote(meetingId, `${name} joined from ${deviceSentence(device)}.`);
    },
    /** Someone knocked at the waiting room (the host admits or declines them). */
    guestWaiting(meetingId: string, name: string, device: DeviceDescription, removedBefore: boolean) {
      const who = removedBefore ? `${name}, whom you removed earlier,` : name;
      return chat.botNote(meetingId, `${who} is waiting to join, from ${deviceSentence(device)}. Admit or decline them under Waiting.`);
    },
    /** A caller with the right PIN waits on the line for the host. */
    phoneWaiting(meetingId: string, name: string, removedBefore: boolean) {
      const who = removedBefore ? `${name}, whom you removed earlier,` : name;
      return chat.botNote(meetingId, `${who} is waiting to join by phone. Admit or decline them under Waiting.`);
    },
    guestDialledIn(meetingId: string, name: string) {
      return chat.botNote(meetingId, `${name} dialled in by phone.`);
    },
    mediaCheck(meetingId: string, report: MediaCheckReport) {
      const who = label(meetingId, report.checkId, report.name);
      if (report.type === 'troubleshooting') {
        const steps = report.steps.map((s, i) => `${i + 1}. ${s}`).join(' ');
        // The device is named once, from the User-Agent and client hints, in the join or waiting note; the page's own
        // guess at its platform (which picks the steps: "Chrome" for Chromium too) is not repeated here as a second name.
        return chat.botNote(meetingId, `${who} was shown troubleshooting: "${report.title}". ${steps}`);
      }
      if (report.step === MediaCheckStep.Started || report.step === MediaCheckStep.Finished) {
        const result = report.step === MediaCheckStep.Finished ? `: ${OUTCOME_LABEL[report.outcome]}` : '';
        return chat.botNote(meetingId, `${who}: ${STEP_LABEL[report.step]}${result}${report.detail ? ` (${report.detail})` : ''}.`);
      }
      return chat.botNote(
        meetingId,
        `${who}: ${STEP_LABEL[report.step]} ${OUTCOME_LABEL[report.outcome]}${report.detail ? ` (${report.detail})` : ''}.`,
      );
    },
  };
}

export type RoomBot = ReturnType<typeof createRoomBot>;
