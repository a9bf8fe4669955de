import * as v from 'valibot';
import { JoinResponseSchema, type JoinResponse } from '../../../shared/api/participants.ts';

/**
 * Remembers this tab's identity in a call (sessionStorage: per tab, survives reload),
 * so a refresh rejoins as the same participant without the pre-join screen.
 */
export interface RejoinTicket {
  participantId: string;
  token: string;
  name: string;
  /** Mute state at the time of the reload, restored on rejoin. */
  audioMuted?: boolean;
  videoMuted?: boolean;
  /** The join's ICE servers and PeerJS path: a reload opens its links with them at once. */
  rtc?: JoinResponse['rtc'];
  /**
   * The page was in the call (a join made it), not only let in from the waiting room: a reload of
   * it is called by the others (call/calls-after-reload.ts).
   */
  inCall?: boolean;
}

const key = (meetingId: string) => `call:${meetingId}`;

export function loadRejoinTicket(meetingId: string, storage: Storage = sessionStorage): RejoinTicket | null {
  try {
    const raw = storage.getItem(key(meetingId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<RejoinTicket>;
    if (typeof value.participantId === 'string' && typeof value.token === 'string' && typeof value.name === 'string') {
      return {
        participantId: value.participantId,
        token: value.token,
        name: value.name,
        audioMuted: value.audioMuted === true,
        videoMuted: value.videoMuted === true,
        ...(value.inCall === true ? { inCall: true } : {}),
        ...(v.is(JoinResponseSchema.entries.rtc, value.rtc) ? { rtc: value.rtc } : {}),
      };
    }
  } catch {
    /* storage unavailable or corrupt: start fresh */
  }
  return null;
}

export function saveRejoinTicket(meetingId: string, ticket: RejoinTicket, storage: Storage = sessionStorage) {
  try {
    storage.setItem(key(meetingId), JSON.stringify(ticket));
  } catch {
    /* private mode: a refresh will show the pre-join screen again */
  }
}

export function clearRejoinTicket(meetingId: string, storage: Storage = sessionStorage) {
  try {
    storage.removeItem(key(meetingId));
  } catch {
    /* ignore */
  }
}
