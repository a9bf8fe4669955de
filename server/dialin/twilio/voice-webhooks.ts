import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { DIAL_IN_PIN_LENGTH, DialInPinSchema } from '../../../shared/dialin/dial-in-api';
import { MEDIA_STREAM_PATH, StreamParameter } from '../../../shared/dialin/media-stream';
import type { AppDeps } from '../../app-deps';
import { notFound } from '../../lib/api-error';
import { connectStream, gatherDigits, hangup, say, twimlResponse } from './twiml';
import { publicOrigin, verifyTwilioWebhook } from './verify-webhook';

export const MAX_PIN_ATTEMPTS = 3;
const PIN_TIMEOUT_SECONDS = 10;

export const Prompt = {
  Welcome: 'Welcome. Please enter your meeting PIN, followed by the hash key.',
  Retry: 'That PIN is not valid. Please enter your meeting PIN again, followed by the hash key.',
  Rejected: 'Sorry, that PIN is not valid. Please check your invitation and call again. Goodbye.',
  Busy: 'Sorry, all dial-in lines are busy. Please try again in a few minutes. Goodbye.',
  Joining: 'Thank you. You are joining the meeting now. Press star six to mute or unmute yourself.',
  Goodbye: 'You have left the meeting. Goodbye.',
  Ended: 'The host has ended this meeting. Goodbye.',
  Locked: 'The host has locked this meeting, so no one new can join. Goodbye.',
} as const;

const AttemptSchema = v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(MAX_PIN_ATTEMPTS));

/**
 * Twilio Programmable Voice webhooks. Point the number's "A call comes in" at
 * `POST {PUBLIC_URL}/api/dial-in/twilio/voice`. The caller types the PIN (three tries);
 * a right PIN connects the call to a bidirectional Media Stream on `/ws/dial-in`.
 */
export function twilioVoiceRouter({ config, dialIn, store, hostControls }: AppDeps) {
  const router = new Hono();
  const settings = config.dialIn;
  if (!settings) {
    return router.all('*', () => {
      throw notFound('dial-in is not configured on this server;');
    });
  }
  const origin = (c: Context) => publicOrigin(c, config);
  const xml = (c: Context, ...verbs: string[]) => c.body(twimlResponse(...verbs), 200, { 'content-type': 'text/xml; charset=utf-8' });
  const askForPin = (c: Context, attempt: number, prompt: string) =>
    gatherDigits(
      { action: `${origin(c)}/api/dial-in/twilio/pin?attempt=${attempt}`, numDigits: DIAL_IN_PIN_LENGTH, timeoutSeconds: PIN_TIMEOUT_SECONDS },
      say(prompt),
    );

  const signed = verifyTwilioWebhook({ authToken: settings.authToken, publicUrl: config.publicUrl, trustProxy: config.trustProxy });

  return router
    .post('/voice', signed, (c) => xml(c, askForPin(c, 1, Prompt.Welcome)))
    .post('/pin', signed, (c) => {
      const params = c.get('twilio');
      const attempt = v.safeParse(AttemptSchema, c.req.query('attempt') ?? '1');
      const tries = attempt.success ? attempt.output : MAX_PIN_ATTEMPTS;
      const digits = params.Digits ?? '';
      const meetingId = v.is(DialInPinSchema, digits) ? dialIn.meetingIdForPin(digits) : null;
      if (!meetingId) {
        if (tries >= MAX_PIN_ATTEMPTS) return xml(c, say(Prompt.Rejected), hangup());
        return xml(c, askForPin(c, tries + 1, Prompt.Retry));
      }
      // Like a guest with a link: no one new enters a meeting the host ended or locked.
      const meeting = store.read((d) => d.meetings.find((m) => m.id === meetingId));
      const closed = meeting ? hostControls.closedFor(meeting) : undefined;
      if (closed) return xml(c, say(closed === 'ended' ? Prompt.Ended : Prompt.Locked), hangup());
      if (!dialIn.hasCapacity()) return xml(c, say(Prompt.Busy), hangup());
      const ticket = dialIn.issueTicket({ meetingId, callSid: params.CallSid, caller: params.From });
      const streamUrl = `${origin(c).replace(/^http/, 'ws')}${MEDIA_STREAM_PATH}`;
      return xml(
        c,
        say(Prompt.Joining),
        connectStream(streamUrl, {
          [StreamParameter.Ticket]: ticket,
          [StreamParameter.MeetingId]: meetingId,
          [StreamParameter.CallSid]: params.CallSid,
        }),
        say(Prompt.Goodbye),
        hangup(),
      );
    });
}
