import * as v from 'valibot';

/** Meeting PINs are this many digits: 10^8 codes, so three guesses a call find nothing in practice. */
export const DIAL_IN_PIN_LENGTH = 8;

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

export const formatPin = (pin: string) => pin.replace(/(\d{4})(?=\d)/g, '$1 ');
