import * as v from 'valibot';
import { EmailSchema } from './auth.ts';
import { LocaleSchema } from '../locales.ts';
import { DisplayNameSchema, ReservationSchema } from './participants.ts';

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

/** The longest a one-time join link may stay open: 30 days. */
export const JOIN_LINK_MAX_MINUTES = 30 * 24 * 60;

export const CreateJoinLinkBodySchema = v.strictObject({
  /** The guest enters under this name; their page asks for none. */
  guestName: DisplayNameSchema,
  /** Minutes from now until the link stops letting anyone in (5 to 43,200); by default a day after the meeting's end, and at least a day. */
  validForMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(JOIN_LINK_MAX_MINUTES))),
});
export type CreateJoinLinkBody = v.InferInput<typeof CreateJoinLinkBodySchema>;

export const InviteSchema = v.object({
  id: v.string(),
  guestName: v.string(),
  /** Empty for a one-time join link (`kind: link`). */
  guestEmail: v.string(),
  /** `link`: a one-time join link for a named guest (the first browser to enter keeps it); `email` otherwise. */
  kind: v.optional(v.picklist(['email', 'link'])),
  /** A join link's end. */
  expiresAt: v.optional(v.string()),
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
  /** Name to prefill, from a personal email invite, or the name a one-time join link was made for. */
  guestName: v.optional(v.string()),
  /** A one-time join link: the guest enters under `guestName`; the page asks for no name. */
  nameFixed: v.optional(v.boolean()),
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

export { INVITE_HEADER } from './access-headers.ts';

/**
 * `POST /api/meetings/:id/visit`: what a meeting page opens with, in one request: the meeting's
 * public info, and a reservation when this page could walk straight in now (null otherwise).
 */
export const MeetingVisitSchema = v.object({
  info: MeetingPublicInfoSchema,
  reservation: v.nullable(ReservationSchema),
});
export type MeetingVisit = v.InferOutput<typeof MeetingVisitSchema>;

/**
 * The element of a meeting page's HTML (`GET /m/:id`) that carries this answer, when the server
 * could give it there (`<script type="application/json" id="meeting-visit">`): the page then sends
 * no `…/visit` request (server/rooms/visit-in-page.ts, pwa/src/room/visit-in-page.ts).
 */
export const MEETING_VISIT_ELEMENT = 'meeting-visit';
