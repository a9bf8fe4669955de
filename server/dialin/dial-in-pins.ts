import { randomInt } from 'node:crypto';
import { DIAL_IN_PIN_LENGTH } from '../../shared/dialin/dial-in-api.ts';
import type { MeetingRecord } from '../storage/records.ts';
import type { MeetingRepository } from '../storage/repositories.ts';

const PIN_SPACE = 10 ** DIAL_IN_PIN_LENGTH;
/** Random PINs tried before giving up (with 10^10 PINs, a clash at all is rare). */
const ATTEMPTS = 1000;

/** A random PIN, zero-padded. */
export const randomPin = (random: (max: number) => number = (max) => randomInt(max)): string =>
  String(random(PIN_SPACE)).padStart(DIAL_IN_PIN_LENGTH, '0');

/**
 * The meeting's PIN, given it on first use (meetings created before dial-in have none, older
 * ones have 8 digits and get a new one). Unique among all stored meetings, which are the joinable
 * ones: the repository refuses a PIN another meeting has, and a PIN set meanwhile by another
 * request (or server process) is the one kept. Null if there is no such meeting.
 */
export async function ensureDialInPin(
  meetings: MeetingRepository,
  meetingId: string,
  random?: (max: number) => number,
): Promise<string | null> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const meeting = await meetings.byId(meetingId);
    if (!meeting) return null;
    if (meeting.dialInPin?.length === DIAL_IN_PIN_LENGTH) return meeting.dialInPin;
    const pin = randomPin(random);
    const outcome = await meetings.setDialInPin(meetingId, pin, meeting.dialInPin ?? null);
    if (outcome === 'set') return pin;
    if (outcome === 'missing') return null;
    // 'taken': another PIN; 'changed': someone gave it one meanwhile, read it again.
  }
  throw new Error('no free dial-in PIN found');
}

/** The meeting a PIN belongs to, or null. */
export async function meetingForPin(meetings: MeetingRepository, pin: string): Promise<MeetingRecord | null> {
  if (!pin) return null;
  return meetings.byDialInPin(pin);
}
