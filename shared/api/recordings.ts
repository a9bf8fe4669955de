import * as v from 'valibot';

/**
 * Recording (an add-on per account): the host's page records the call as WebM and
 * uploads it in numbered chunks while it runs (source `browser`):
 * `POST /api/meetings/:id/recordings` → `PUT …/recordings/:recordingId/chunks/:seq` (0, 1, 2…,
 * raw bytes) → `POST …/recordings/:recordingId/stop`. In a meeting on the SFU the same start also
 * has Janus record every feed on the server (source `server`, a second recording in the list): it goes
 * on when the host's page closes, and once stopped it is post-processed (`processing`) into one WebM
 * (`ready`) or marked `failed` with the reason. Only the meeting's host may record, list, play,
 * download or delete.
 */

/** Largest chunk the server takes (a chunk holds one or two seconds, well under 1 MB at our bitrate). */
export const RECORDING_CHUNK_MAX_BYTES = 16 * 1024 * 1024;
/** Default for the server's RECORDING_MAX_BYTES: the most one recording may hold (about 6 hours at 2.5 Mbit/s). */
export const RECORDING_MAX_BYTES_DEFAULT = 8 * 1024 * 1024 * 1024;
/** Chunk numbers go up to this (a chunk a second for over four months). */
export const RECORDING_SEQ_MAX = 9_999_999;

export const RecordingState = { Recording: 'recording', Processing: 'processing', Ready: 'ready', Failed: 'failed' } as const;
export type RecordingState = (typeof RecordingState)[keyof typeof RecordingState];
export const RECORDING_STATES = [RecordingState.Recording, RecordingState.Processing, RecordingState.Ready, RecordingState.Failed] as const;

/** Who made the file: the host's page (composited and uploaded) or our server (from Janus's own recordings). */
export const RecordingSource = { Browser: 'browser', Server: 'server' } as const;
export type RecordingSource = (typeof RecordingSource)[keyof typeof RecordingSource];
export const RECORDING_SOURCES = [RecordingSource.Browser, RecordingSource.Server] as const;

export const RecordingSchema = v.object({
  id: v.string(),
  meetingId: v.string(),
  startedAt: v.string(),
  /** When it was finalised; null while recording. */
  endedAt: v.nullable(v.string()),
  /** Measured from the file's own timestamps when finalised. */
  durationMs: v.number(),
  size: v.number(),
  state: v.picklist(RECORDING_STATES),
  source: v.picklist(RECORDING_SOURCES),
  /** Why a server recording failed (`failed`); null otherwise. */
  error: v.nullable(v.string()),
});
export type Recording = v.InferOutput<typeof RecordingSchema>;

export const RecordingListSchema = v.object({ recordings: v.array(RecordingSchema) });

export const RecordingAnswerSchema = v.object({ recording: RecordingSchema });

/** The answer to a chunk: what the server holds now (a retried chunk it already has answers the same). */
export const ChunkAnswerSchema = v.object({ seq: v.number(), size: v.number() });

/** A running recording as everyone in the room sees it (the red indicator). */
export const RoomRecordingSchema = v.object({
  id: v.string(),
  startedAt: v.string(),
  /** The name of who started it. */
  startedBy: v.string(),
  /** Their participant id: their page owns the recorder. */
  recorderId: v.string(),
});
export type RoomRecording = v.InferOutput<typeof RoomRecordingSchema>;

/** Path segments: a chunk number, a recording id. Anything else is a 404 before any lookup. */
export const SeqParamSchema = v.pipe(v.string(), v.regex(/^(0|[1-9][0-9]{0,6})$/), v.transform(Number), v.maxValue(RECORDING_SEQ_MAX));
export const RecordingIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9]{8,64}$/));

/** 65 000 ms → "1:05"; an hour or more → "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
