import * as v from 'valibot';
import { EmailSchema } from './auth.ts';
import { InviteSchema } from './invites.ts';
import { CreateMeetingBodySchema, IdSchema, MeetingSchema } from './meetings.ts';
import { ParticipantSchema } from './participants.ts';
import { RecordingIdSchema } from './recordings.ts';

/**
 * The public API's own shapes (`/api/v1`, issue 24); what it shares with the app's API (a meeting,
 * an invitation, a recording…) is the app's schemas. Query values arrive as text.
 */
const wholeNumber = (name: string, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.description(`a whole number from ${min} to ${max}`),
    v.regex(/^\d{1,9}$/, `${name} must be a whole number`),
    v.transform(Number),
    v.minValue(min, `${name} must be at least ${min}`),
    v.maxValue(max, `${name} must be at most ${max}`),
  );
const isoQuery = (name: string) =>
  v.pipe(v.string(), v.isoTimestamp(`${name} must be an ISO 8601 date-time with a time zone, e.g. 2026-11-25T10:00:00Z`));

export const MEETING_PAGE_MAX = 100;

export const MeetingPathSchema = v.object({ meetingId: IdSchema });
export const InvitationPathSchema = v.object({ meetingId: IdSchema, invitationId: IdSchema });
export const RecordingPathSchema = v.object({ meetingId: IdSchema, recordingId: RecordingIdSchema });

export const CreateMeetingV1BodySchema = v.strictObject({
  ...CreateMeetingBodySchema.entries,
  /** Whose meeting it is: with an account's key, that account (may be left out); with the server's key, required. */
  hostEmail: v.optional(EmailSchema),
});
export type CreateMeetingV1Body = v.InferOutput<typeof CreateMeetingV1BodySchema>;

export const ListMeetingsQuerySchema = v.strictObject({
  limit: v.optional(wholeNumber('limit', 1, MEETING_PAGE_MAX), '20'),
  offset: v.optional(wholeNumber('offset', 0, 1_000_000), '0'),
  /** Meetings starting at or after this time. */
  from: v.optional(isoQuery('from')),
  /** Meetings starting before this time. */
  to: v.optional(isoQuery('to')),
  /** Part of the title, ignoring case. */
  q: v.optional(v.pipe(v.string(), v.maxLength(200, 'q must be at most 200 characters'))),
  /** Whose meetings: with the server's key, required; with an account's key, that account's own (may be left out). */
  hostEmail: v.optional(EmailSchema),
});
export type ListMeetingsQuery = v.InferOutput<typeof ListMeetingsQuerySchema>;

export const MeetingPageSchema = v.object({
  meetings: v.array(MeetingSchema),
  /** How many meetings match the filters. */
  total: v.number(),
  /** The `offset` of the next page; null on the last. */
  nextOffset: v.nullable(v.number()),
});

export const InvitationListSchema = v.object({ invitations: v.array(InviteSchema) });
export const SharedLinkSchema = v.object({ link: v.string() });
export const ParticipantListSchema = v.object({ participants: v.array(ParticipantSchema) });

export const WebhookPathSchema = v.object({ webhookId: IdSchema });
