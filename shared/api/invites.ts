import * as v from 'valibot';
import { EmailSchema } from './auth.ts';
import { LocaleSchema } from '../locales.ts';
import { DisplayNameSchema } from './participants.ts';

export const InviteState = { Sent: 'sent', Failed: 'failed', Joined: 'joined', Revoked: 'revoked' } as const;
export type InviteState = (typeof InviteState)[keyof typeof InviteState];

const TimeZoneSchema = v.pipe(
  v.string(),
  v.maxLength(64),
  v.check((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'timeZone is not a known IANA time zone'),
);

export const CreateInviteBodySchema = v.strictObject({
  guestName: DisplayNameSchema,
  guestEmail: EmailSchema,
  /** The guest's IANA time zone when the host knows it; the email shows times in it. */
  timeZone: v.optional(TimeZoneSchema),
  /** The language of the guest's email (the host picks it; the page offers the host's own first). English when absent. */
  language: v.optional(LocaleSchema),
});
export type CreateInviteBody = v.InferInput<typeof CreateInviteBodySchema>;

export const InviteSchema = v.object({
  id: v.string(),
  guestName: v.string(),
  guestEmail: v.string(),
  state: v.picklist([InviteState.Sent, InviteState.Failed, InviteState.Joined, InviteState.Revoked]),
  /** Why sending failed, when it did. */
  error: v.optional(v.string()),
  createdAt: v.string(),
  /** The personal join link of this guest. */
  url: v.string(),
});
export type Invite = v.InferOutput<typeof InviteSchema>;

export const InviteListSchema = v.object({
  /** The meeting's shared guest link (anyone with it may enter). */
  link: v.string(),
  invites: v.array(InviteSchema),
  dialIn: v.optional(v.object({ number: v.string(), pin: v.string() })),
});
export type InviteList = v.InferOutput<typeof InviteListSchema>;

/** What a guest (or the host) sees before joining: enough to recognise the meeting. */
export const MeetingPublicInfoSchema = v.object({
  id: v.string(),
  title: v.string(),
  startsAt: v.string(),
  durationMinutes: v.number(),
  hostName: v.string(),
  /** The viewer is the meeting's host. */
  isHost: v.boolean(),
  /** Name to prefill, from a personal email invite. */
  guestName: v.optional(v.string()),
  features: v.object({ backgroundBlur: v.boolean(), recording: v.boolean() }),
  dialIn: v.optional(v.object({ number: v.string(), pin: v.string() })),
  /**
   * The viewer may join straight away (the host, someone in the call, or a guest with no waiting
   * room in the way): the page then joins with one request instead of knocking first.
   */
  entersDirectly: v.optional(v.boolean()),
  /** Guests only: why no one new may enter now (the host ended the meeting, or locked it). */
  closed: v.optional(v.picklist(['ended', 'locked'])),
});
export type MeetingPublicInfo = v.InferOutput<typeof MeetingPublicInfoSchema>;

/** How a guest proves access: the `invite` query parameter of their link, sent back as this header. */
export const INVITE_HEADER = 'x-invite-token';
