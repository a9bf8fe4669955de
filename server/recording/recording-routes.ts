import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { ErrorCode } from '../../shared/api/errors.ts';
import { ParticipantRole } from '../../shared/api/participants.ts';
import { RECORDING_CHUNK_MAX_BYTES, RecordingIdSchema, RecordingState, SeqParamSchema } from '../../shared/api/recordings.ts';
import { requireParticipant } from '../access/participant-auth.ts';
import { requireMeetingOwner } from '../access/room-access.ts';
import { requireUser, type AuthEnv } from '../auth/current-user.ts';
import type { AppDeps } from '../app-deps.ts';
import { ApiError, badRequest, forbidden, notFound } from '../lib/api-error.ts';
import { parseByteRange } from '../lib/byte-range.ts';
import { BodyTooLargeError, readBodyUpTo } from '../lib/read-body.ts';
import { contentDisposition } from '../routes/chat.ts';
import type { MeetingRecord } from '../storage/records.ts';

type OwnerEnv = AuthEnv & { Variables: { meeting: MeetingRecord } };

/** Everything about recordings is the meeting owner's alone: anyone else, signed in or not, gets 403. */
const ownerOnly = (deps: AppDeps) => {
  const owner = requireMeetingOwner(deps);
  return createMiddleware<OwnerEnv>(async (c, next) => {
    if (!c.get('user')) throw forbidden('only the host of this meeting may do this');
    return owner(c, next);
  });
};

const recordingIdOf = (param: string) => {
  if (!v.is(RecordingIdSchema, param)) throw notFound('recording');
  return param;
};

/** The recording add-on's API under /api/meetings/:id/recordings (see shared/api/recordings.ts). */
export function recordingsRouter(deps: AppDeps) {
  const { recordings } = deps;
  const owner = ownerOnly(deps);

  return new Hono<OwnerEnv>()
    .post('/:id/recordings', owner, requireParticipant(deps), async (c) => {
      const participant = c.get('participant');
      if (!c.get('user')!.features.recording)
        throw forbidden('recording is an add-on your administrator has not turned on for your account');
      if (participant.role !== ParticipantRole.Host) throw forbidden('only the host may record');
      const recording = await recordings.start(c.get('meeting').id, c.get('user')!.id, participant);
      return c.json({ recording }, 201);
    })
    .put('/:id/recordings/:recordingId/chunks/:seq', owner, async (c) => {
      const recordingId = recordingIdOf(c.req.param('recordingId'));
      const seq = v.safeParse(SeqParamSchema, c.req.param('seq'));
      if (!seq.success) throw badRequest('the chunk number must be a whole number from 0');
      const declared = Number(c.req.header('content-length') ?? NaN);
      if (declared > RECORDING_CHUNK_MAX_BYTES) throw tooLarge();
      let bytes: Uint8Array;
      try {
        bytes = await readBodyUpTo(c.req.raw.body, RECORDING_CHUNK_MAX_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw tooLarge();
        throw badRequest('the chunk did not arrive whole');
      }
      if (bytes.length === 0) throw badRequest('the chunk is empty');
      return c.json(await recordings.appendChunk(c.get('meeting').id, recordingId, seq.output, bytes));
    })
    .post('/:id/recordings/:recordingId/stop', owner, async (c) => {
      const recording = await recordings.stop(c.get('meeting').id, recordingIdOf(c.req.param('recordingId')));
      return recording ? c.json({ recording }) : c.body(null, 204);
    })
    .get('/:id/recordings', owner, async (c) => c.json({ recordings: await recordings.list(c.get('meeting').id) }))
    .get('/:id/recordings/:recordingId/file', owner, async (c) =>
      recordingFileResponse(deps, c.get('meeting'), recordingIdOf(c.req.param('recordingId')), {
        range: c.req.header('range'),
        download: c.req.query('download') === '1',
      }),
    )
    .delete('/:id/recordings/:recordingId', owner, async (c) => {
      await recordings.remove(c.get('meeting').id, recordingIdOf(c.req.param('recordingId')));
      return c.body(null, 204);
    });
}

/**
 * A ready recording's file, whole or the byte range asked for (206), inline or as a download: the
 * app's player and the public API's download alike. 404 unknown, 409 still recording.
 */
export async function recordingFileResponse(
  { recordings, recordingFiles }: Pick<AppDeps, 'recordings' | 'recordingFiles'>,
  meeting: MeetingRecord,
  recordingId: string,
  { range: rangeHeader, download }: { range: string | undefined; download: boolean },
): Promise<Response> {
  const recording = await recordings.find(meeting.id, recordingId);
  if (!recording) throw notFound('recording');
  if (recording.state !== RecordingState.Ready) {
    const why = {
      [RecordingState.Recording]: 'the recording is still running',
      [RecordingState.Processing]: 'the recording is still being processed',
      [RecordingState.Failed]: `the recording failed: ${recording.error ?? 'unknown error'}`,
    }[recording.state];
    throw new ApiError(ErrorCode.Conflict, why);
  }
  const file = await recordingFiles.open(meeting.id, recording.id);
  if (!file) throw notFound('recording');
  const range = parseByteRange(rangeHeader, file.size);
  const { start, end } = range ?? { start: 0, end: file.size - 1 };
  const name = `${meeting.title} ${recording.startedAt.slice(0, 16).replace('T', ' ')}.webm`;
  return new Response(file.size === 0 ? null : file.stream(start, end), {
    status: range ? 206 : 200,
    headers: {
      'content-type': 'video/webm',
      'content-length': String(file.size === 0 ? 0 : end - start + 1),
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${end}/${file.size}` } : {}),
      'content-disposition': contentDisposition(download ? 'attachment' : 'inline', name),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-cache',
    },
  });
}

/** GET /api/recordings: all of the signed-in user's recordings (the meetings overview lists them per meeting). */
export function myRecordingsRouter(deps: AppDeps) {
  return new Hono<AuthEnv>().get('/', async (c) => c.json({ recordings: await deps.recordings.listForOwner(requireUser(c).id) }));
}

const tooLarge = () => new ApiError(ErrorCode.PayloadTooLarge, `a chunk can hold at most ${RECORDING_CHUNK_MAX_BYTES / 1024 / 1024} MB`);
