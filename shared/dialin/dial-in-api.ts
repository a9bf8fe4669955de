import * as v from 'valibot';

/**
 * Meeting PINs are this many digits: 10^10 codes. With 10,000 meetings' PINs live at once a
 * guess hits one in a million times; the guessing limits (server/dialin/pin-guard.ts) make a
 * 1 % chance take days, and a hit lands in the waiting room by default. Older 8-digit PINs are
 * replaced on first use.
 */
export const DIAL_IN_PIN_LENGTH = 10;

export const DialInPinSchema = v.pipe(v.string(), v.regex(new RegExp(`^[0-9]{${DIAL_IN_PIN_LENGTH}}$`), 'not a PIN'));

/** `GET /api/meetings/:id/dial-in`: what the invite panel, the email and the guest's help screen show. */
export const DialInInfoSchema = v.variant('enabled', [
  v.object({
    enabled: v.literal(true),
    /** The deployment's number as configured, e.g. "+1 555 010 0199". */
    number: v.string(),
    pin: DialInPinSchema,
    /** The PIN grouped for reading aloud: "1234 5678". */
    pinDisplay: v.string(),
  }),
  v.object({ enabled: v.literal(false) }),
]);
export type DialInInfo = v.InferOutput<typeof DialInInfoSchema>;

/** `POST /api/meetings/:id/dial-in/calls/:participantId/mute` (host only). */
export const MuteCallerBodySchema = v.strictObject({ muted: v.boolean('muted must be true or false') });
export type MuteCallerBody = v.InferOutput<typeof MuteCallerBodySchema>;

/** Shows only the last digits of a caller's number: "Phone ·· 1234". */
export function phoneDisplayName(callerNumber: string | undefined): string {
  const digits = (callerNumber ?? '').replace(/\D+/g, '');
  return digits.length >= 4 ? `Phone ·· ${digits.slice(-4)}` : 'Phone';
}

/** "123 456 7890": grouped for reading aloud and typing. */
export const formatPin = (pin: string) =>
  pin.length === 10 ? `${pin.slice(0, 3)} ${pin.slice(3, 6)} ${pin.slice(6)}` : pin.replace(/(\d{4})(?=\d)/g, '$1 ');
