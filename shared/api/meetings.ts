import * as v from 'valibot';

export const MEETING_TITLE_MAX = 200;
export const MEETING_DURATION_MAX_MINUTES = 24 * 60;

/** Ids we hand out: url-safe, 8..64 characters. Anything else in a path is a 404 before it reaches storage. */
export const IdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a valid id'));

const TitleSchema = v.pipe(
  v.string('title must be text'),
  v.trim(),
  v.minLength(1, 'title must not be empty'),
  v.maxLength(MEETING_TITLE_MAX, `title must be at most ${MEETING_TITLE_MAX} characters`),
);

const StartsAtSchema = v.pipe(
  v.string('startsAt must be an ISO 8601 date-time'),
  v.isoTimestamp('startsAt must be an ISO 8601 date-time with a time zone, e.g. 2026-11-25T10:00:00Z'),
);

const DurationSchema = v.pipe(
  v.number('durationMinutes must be a number'),
  v.integer('durationMinutes must be a whole number'),
  v.minValue(1, 'durationMinutes must be at least 1'),
  v.maxValue(MEETING_DURATION_MAX_MINUTES, `durationMinutes must be at most ${MEETING_DURATION_MAX_MINUTES}`),
);

/**
 * How a meeting's media travels: `auto` (peer to peer up to the server's MESH_MAX people, then
 * through the SFU when the server runs one), or pinned to `mesh` or `sfu`.
 */
export const MEETING_MEDIA_MODES = ['auto', 'mesh', 'sfu'] as const;
export type MeetingMediaMode = (typeof MEETING_MEDIA_MODES)[number];
export const MeetingMediaModeSchema = v.picklist(MEETING_MEDIA_MODES, 'mediaMode must be auto, mesh or sfu');

export const CreateMeetingBodySchema = v.strictObject({
  title: TitleSchema,
  startsAt: StartsAtSchema,
  durationMinutes: DurationSchema,
  /** Guests wait until the host lets them in. On when not given (every guest is external). */
  waitingRoom: v.optional(v.boolean('waitingRoom must be true or false')),
  /** auto when not given. */
  mediaMode: v.optional(MeetingMediaModeSchema),
});
export type CreateMeetingBody = v.InferOutput<typeof CreateMeetingBodySchema>;

export const UpdateMeetingBodySchema = v.partial(CreateMeetingBodySchema);
export type UpdateMeetingBody = v.InferOutput<typeof UpdateMeetingBodySchema>;

export const MeetingSchema = v.object({
  id: v.string(),
  title: v.string(),
  startsAt: v.string(),
  durationMinutes: v.number(),
  createdAt: v.string(),
  waitingRoom: v.optional(v.boolean()),
  mediaMode: v.optional(MeetingMediaModeSchema),
});
export type Meeting = v.InferOutput<typeof MeetingSchema>;

export const MeetingListSchema = v.object({ meetings: v.array(MeetingSchema) });
export type MeetingList = v.InferOutput<typeof MeetingListSchema>;
