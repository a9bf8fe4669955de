import * as v from 'valibot';

/** Every error the API answers with; the HTTP status is fixed per code. */
export const ErrorCode = {
  BadRequest: 'bad_request',
  ValidationFailed: 'validation_failed',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  /** Host controls (403): the host ended the meeting, locked it, removed this guest, or must admit them first. */
  MeetingEnded: 'meeting_ended',
  MeetingLocked: 'meeting_locked',
  RemovedByHost: 'removed_by_host',
  AdmissionRequired: 'admission_required',
  /** A one-time join link (403): another browser entered with it, or its time is over. */
  JoinLinkUsed: 'join_link_used',
  JoinLinkExpired: 'join_link_expired',
  /** The room holds ROOM_MAX people already (409): nobody new gets in until someone leaves. */
  RoomFull: 'room_full',
  NotFound: 'not_found',
  Conflict: 'conflict',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  RateLimited: 'rate_limited',
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const errorStatus: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  meeting_ended: 403,
  meeting_locked: 403,
  removed_by_host: 403,
  admission_required: 403,
  join_link_used: 403,
  join_link_expired: 403,
  room_full: 409,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};

export const ApiErrorBodySchema = v.object({
  error: v.object({
    code: v.picklist(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
    message: v.string(),
  }),
});
export type ApiErrorBody = v.InferOutput<typeof ApiErrorBodySchema>;
