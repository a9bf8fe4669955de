import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { DIAL_IN_PIN_LENGTH, DialInPinSchema } from '../../../shared/dialin/dial-in-api.ts';
import { MEDIA_STREAM_PATH, StreamParameter } from '../../../shared/dialin/media-stream.ts';
import type { AppDeps } from '../../app-deps.ts';
import { notFound } from '../../lib/api-error.ts';
import { connectStream, gatherDigits, hangup, pause, redirect, say, twimlResponse } from './twiml.ts';
import { publicOrigin, verifyTwilioWebhook, type VoiceWebhookParams } from './verify-webhook.ts';
import { IdSchema } from '../../../shared/api/meetings.ts';
import { assertNever } from '../../../shared/room-events.ts';
import { validate } from '../../lib/validate.ts';
import { meetingEnded, wasRemoved } from '../../host-controls/entry-policy.ts';
import type { CallTicket } from '../call-tickets.ts';
import type { MeetingRecord } from '../../storage/records.ts';
import { callerHash } from '../caller-identity.ts';

export const MAX_PIN_ATTEMPTS = 3;
const PIN_TIMEOUT_SECONDS = 10;

export const Prompt = {
  Welcome: 'Welcome. Please enter your meeting PIN, followed by the hash key.',
  Retry: 'That PIN is not valid. Please enter your meeting PIN again, followed by the hash key.',
  Rejected: 'Sorry, that PIN is not valid. Please check your invitation and call again. Goodbye.',
  TryLater: 'Sorry, we cannot take your PIN right now. Please try again later. Goodbye.',
  Busy: 'Sorry, all dial-in lines are busy. Please try again in a few minutes. Goodbye.',
  Joining: 'Thank you. You are joining the meeting now. Press star six to mute or unmute yourself.',
  Waiting: 'Thank you. Please wait: the host will let you in soon.',
  StillWaiting: 'You are still waiting for the host to let you in.',
  LetIn: 'The host let you in.',
  WaitingRoomFull: 'Sorry, the waiting room of this meeting is full. Please try again in a few minutes. Goodbye.',
  Declined: 'Sorry, the host did not let you in. Goodbye.',
  WaitOver: 'Sorry, your place in the waiting room has ended. Please call again. Goodbye.',
  AlreadyIn: 'This call is already connected to the meeting. Goodbye.',
  Goodbye: 'You have left the meeting. Goodbye.',
  Ended: 'The host has ended this meeting. Goodbye.',
  Locked: 'The host has locked this meeting, so no one new can join. Goodbye.',
} as const;

const ResumeQuerySchema = v.object({ meeting: IdSchema, token: v.pipe(v.string(), v.minLength(10), v.maxLength(2_000)) });
const AttemptSchema = v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(MAX_PIN_ATTEMPTS));
const WaitQuerySchema = v.object({
  meeting: IdSchema,
  waiter: IdSchema,
  n: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(100_000)), '1'),
});
/** Silence between two polls of a caller in the waiting room. */
const WAIT_PAUSE_SECONDS = 3;
/** Every this many polls (about half a minute) the caller hears they still wait. */
const REMIND_EVERY = 8;

/**
 * Twilio Programmable Voice webhooks. Point the number's "A call comes in" at
 * `POST {PUBLIC_URL}/api/dial-in/twilio/voice`. The caller types the PIN (three tries,
 * limited per number and across all calls: pin-guard.ts). A right PIN connects the call to a
 * bidirectional Media Stream on `/ws/dial-in` — or, when the meeting has a waiting room, holds
 * the caller on the line (`/wait`, polled with `<Pause>` and `<Redirect>`) until the host
 * admits or declines them.
 */
export function twilioVoiceRouter({ config, dialIn, hostControls, pinGuard, storage, clock }: AppDeps) {
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
      {
        action: `${origin(c)}/api/dial-in/twilio/pin?attempt=${attempt}`,
        numDigits: DIAL_IN_PIN_LENGTH,
        timeoutSeconds: PIN_TIMEOUT_SECONDS,
      },
      say(prompt),
    );
  const goodbye = (c: Context, prompt: string) => xml(c, say(prompt), hangup());
  const holdOn = (c: Context, meetingId: string, waiterId: string, n: number, prompt: string | null) =>
    xml(
      c,
      ...(prompt ? [say(prompt)] : []),
      pause(WAIT_PAUSE_SECONDS),
      redirect(`${origin(c)}/api/dial-in/twilio/wait?meeting=${meetingId}&waiter=${waiterId}&n=${n}`),
    );

  /**
   * A right PIN, on the meeting's node. Like a guest with a link: no one new enters a meeting the
   * host ended or locked, and with a waiting room (or after a removal) the caller waits for the host.
   */
  const enter = async (c: Context, meeting: MeetingRecord, params: VoiceWebhookParams, pin: string) => {
    const entry = await hostControls.knockByPhone(meeting, { callSid: params.CallSid, caller: params.From, pin });
    if (entry.state === 'closed') return goodbye(c, entry.reason === 'ended' ? Prompt.Ended : Prompt.Locked);
    if (entry.state === 'full') return goodbye(c, Prompt.WaitingRoomFull);
    if (entry.state === 'waiting') return holdOn(c, meeting.id, entry.waiterId, 1, Prompt.Waiting);
    return connect(c, meeting.id, params, Prompt.Joining);
  };

  /** Into the meeting: a ticket for this call's Media Stream (one per CallSid). */
  const connect = (c: Context, meetingId: string, params: VoiceWebhookParams, prelude: string) => {
    if (!dialIn.hasCapacity()) return goodbye(c, Prompt.Busy);
    const ticket = dialIn.issueTicket({ meetingId, callSid: params.CallSid, caller: params.From });
    if (!ticket) return goodbye(c, Prompt.AlreadyIn);
    return stream(c, { meetingId, callSid: params.CallSid, caller: params.From }, ticket, prelude);
  };
  /**
   * The Media Stream, then what Twilio does once it closes: goodbye on one node; in a cluster, come
   * back through `/resume` (a drain or a failover moved the meeting: the call goes on over there).
   */
  const stream = (c: Context, call: CallTicket, ticket: string, prelude: string | null) => {
    // The path names the meeting, so a proxy in front of many nodes sends the stream to the meeting's node.
    const streamUrl = `${origin(c).replace(/^http/, 'ws')}${MEDIA_STREAM_PATH}/${encodeURIComponent(call.meetingId)}`;
    const resume = dialIn.resumeTokenFor(call);
    return xml(
      c,
      ...(prelude ? [say(prelude)] : []),
      connectStream(streamUrl, {
        [StreamParameter.Ticket]: ticket,
        [StreamParameter.MeetingId]: call.meetingId,
        [StreamParameter.CallSid]: call.callSid,
      }),
      ...(resume
        ? [redirect(`${origin(c)}/api/dial-in/twilio/resume?meeting=${encodeURIComponent(call.meetingId)}&token=${resume}`)]
        : [say(Prompt.Goodbye), hangup()]),
    );
  };

  const signed = verifyTwilioWebhook({ authToken: settings.authToken, publicUrl: config.publicUrl, trustProxy: config.trustProxy });

  return router
    .post('/voice', signed, (c) => xml(c, askForPin(c, 1, Prompt.Welcome)))
    .post('/pin', signed, async (c) => {
      const params = c.get('twilio');
      if (await pinGuard.refused(params.From)) return goodbye(c, Prompt.TryLater);
      const attempt = v.safeParse(AttemptSchema, c.req.query('attempt') ?? '1');
      const tries = attempt.success ? attempt.output : MAX_PIN_ATTEMPTS;
      const digits = params.Digits ?? '';
      const meeting = v.is(DialInPinSchema, digits) ? await dialIn.meetingForPin(digits) : null;
      if (!meeting) {
        await pinGuard.failed(params.From, params.CallSid);
        if (tries >= MAX_PIN_ATTEMPTS) return goodbye(c, Prompt.Rejected);
        return xml(c, askForPin(c, tries + 1, Prompt.Retry));
      }
      // In a cluster this node may not be the meeting's: the call goes on at a URL that names the
      // meeting (the proxy routes it there), with a signed token that says this call gave its PIN.
      const pass = dialIn.resumeTokenFor({ meetingId: meeting.id, callSid: params.CallSid, caller: params.From });
      if (pass) return xml(c, redirect(`${origin(c)}/api/dial-in/twilio/enter?meeting=${encodeURIComponent(meeting.id)}&token=${pass}`));
      return enter(c, meeting, params, digits);
    })
    .post('/enter', signed, validate('query', ResumeQuerySchema), async (c) => {
      const params = c.get('twilio');
      const { meeting: meetingId, token } = c.req.valid('query');
      const call = dialIn.verifyPass(token, params.CallSid);
      const meeting = call?.meetingId === meetingId ? await storage.meetings.byId(meetingId) : null;
      if (!meeting?.dialInPin) return goodbye(c, Prompt.Rejected);
      return enter(c, meeting, params, meeting.dialInPin);
    })
    .post('/wait', signed, validate('query', WaitQuerySchema), (c) => {
      const params = c.get('twilio');
      const { meeting, waiter, n } = c.req.valid('query');
      const state = hostControls.pollPhone(meeting, waiter, params.CallSid);
      switch (state) {
        case 'waiting':
          return holdOn(c, meeting, waiter, n + 1, n % REMIND_EVERY === 0 ? Prompt.StillWaiting : null);
        case 'admitted':
          return connect(c, meeting, params, `${Prompt.LetIn} ${Prompt.Joining}`);
        case 'declined':
          return goodbye(c, Prompt.Declined);
        case 'ended':
          return goodbye(c, Prompt.Ended);
        case 'gone':
          return goodbye(c, Prompt.WaitOver);
        default:
          return assertNever(state, 'phone wait state');
      }
    })
    .post('/resume', signed, validate('query', ResumeQuerySchema), async (c) => {
      const params = c.get('twilio');
      const { meeting: meetingId, token } = c.req.valid('query');
      const outcome = dialIn.resume(token, params.CallSid);
      if (outcome.state !== 'resume' || outcome.ticket.meetingId !== meetingId) return goodbye(c, Prompt.Goodbye);
      // Back on the meeting's next node: still on, and the host has not removed this number meanwhile.
      const meeting = await storage.meetings.byId(meetingId);
      if (!meeting || meetingEnded(meeting, clock())) return goodbye(c, Prompt.Ended);
      if (wasRemoved(meeting, { inviteId: null, deviceId: null, phone: callerHash(outcome.ticket.caller) }))
        return goodbye(c, Prompt.Goodbye);
      if (!dialIn.hasCapacity()) return goodbye(c, Prompt.Busy);
      return stream(c, outcome.ticket, outcome.secret, null);
    });
}
