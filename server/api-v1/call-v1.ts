import { ApiScope } from '../../shared/api/api-keys.ts';
import { RecordingListSchema } from '../../shared/api/recordings.ts';
import { MeetingPathSchema, ParticipantListSchema, RecordingPathSchema } from '../../shared/api/v1.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordingFileResponse } from '../recording/recording-routes.ts';
import { operation } from './operation.ts';
import { meetingForKey } from './v1-access.ts';

/** A meeting's call: who is in it now, and its recordings. */
export const callOperations = (deps: AppDeps) => [
  operation({
    method: 'get',
    path: '/meetings/{meetingId}/participants',
    operationId: 'listParticipants',
    tag: 'Live meetings',
    summary: 'Who is in the call now',
    description: 'Hosts, guests and phone callers in the call (not those in the waiting room); empty when nobody is.',
    scope: ApiScope.MeetingsRead,
    params: MeetingPathSchema,
    responses: { 200: { description: 'The participants', schema: ParticipantListSchema } },
    async handle(c, { params }) {
      const meeting = await meetingForKey(deps, c, params.meetingId);
      return c.json({ participants: deps.hub.participants(meeting.id) });
    },
  }),
  operation({
    method: 'get',
    path: '/meetings/{meetingId}/recordings',
    operationId: 'listRecordings',
    tag: 'Recordings',
    summary: "List a meeting's recordings",
    scope: ApiScope.RecordingsRead,
    params: MeetingPathSchema,
    responses: { 200: { description: 'In the order they were started', schema: RecordingListSchema } },
    async handle(c, { params }) {
      const meeting = await meetingForKey(deps, c, params.meetingId);
      return c.json({ recordings: await deps.recordings.list(meeting.id) });
    },
  }),
  operation({
    method: 'get',
    path: '/meetings/{meetingId}/recordings/{recordingId}/file',
    operationId: 'downloadRecording',
    tag: 'Recordings',
    summary: 'Download a recording',
    description:
      'WebM (VP8 and Opus). Send `Range: bytes=start-end` for a part (206 with `Content-Range`). 409 while it is still recording.',
    scope: ApiScope.RecordingsRead,
    params: RecordingPathSchema,
    responses: {
      200: { description: 'The whole file', mediaType: 'video/webm' },
      206: { description: 'The range asked for', mediaType: 'video/webm' },
    },
    errors: [409],
    async handle(c, { params }) {
      const meeting = await meetingForKey(deps, c, params.meetingId);
      return recordingFileResponse(deps, meeting, params.recordingId, { range: c.req.header('range'), download: true });
    },
  }),
  operation({
    method: 'delete',
    path: '/meetings/{meetingId}/recordings/{recordingId}',
    operationId: 'deleteRecording',
    tag: 'Recordings',
    summary: 'Delete a recording',
    description: 'Needs `meetings:write` (`recordings:read` only reads). 409 while it is still recording.',
    scope: ApiScope.MeetingsWrite,
    params: RecordingPathSchema,
    responses: { 204: { description: 'Deleted' } },
    errors: [409],
    async handle(c, { params }) {
      const meeting = await meetingForKey(deps, c, params.meetingId);
      await deps.recordings.remove(meeting.id, params.recordingId);
      return c.body(null, 204);
    },
  }),
];
