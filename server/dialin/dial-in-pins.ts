import { randomInt } from 'node:crypto';
import { DIAL_IN_PIN_LENGTH } from '../../shared/dialin/dial-in-api.ts';
import type { Store } from '../store/store.ts';
import type { StoreData } from '../store/store-data.ts';

const PIN_SPACE = 10 ** DIAL_IN_PIN_LENGTH;

/** A random PIN not in `taken`. */
export function newPin(taken: ReadonlySet<string>, random: (max: number) => number = (max) => randomInt(max)): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const pin = String(random(PIN_SPACE)).padStart(DIAL_IN_PIN_LENGTH, '0');
    if (!taken.has(pin)) return pin;
  }
  throw new Error('no free dial-in PIN found');
}

/**
 * The meeting's PIN, given it on first use (meetings created before dial-in have none).
 * Unique among all stored meetings, which are the joinable ones. Null if no such meeting.
 */
export async function ensureDialInPin(store: Store, meetingId: string): Promise<string | null> {
  const existing = store.read((d) => d.meetings.find((m) => m.id === meetingId));
  if (!existing) return null;
  if (existing.dialInPin?.length === DIAL_IN_PIN_LENGTH) return existing.dialInPin;
  return store.update((d) => {
    const meeting = d.meetings.find((m) => m.id === meetingId);
    if (!meeting) return null;
    if (meeting.dialInPin?.length !== DIAL_IN_PIN_LENGTH) meeting.dialInPin = newPin(takenPins(d));
    return meeting.dialInPin;
  });
}

/** Every PIN in use, to keep a new one unique. */
export const takenPins = (d: Readonly<StoreData>) => new Set(d.meetings.flatMap((m) => (m.dialInPin ? [m.dialInPin] : [])));

/** The meeting a PIN belongs to, or null. */
export function meetingIdForPin(store: Store, pin: string): string | null {
  if (!pin) return null;
  return store.read((d) => d.meetings.find((m) => m.dialInPin === pin)?.id ?? null);
}
