import { existsSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { RecordingSource, RecordingState } from '../../../shared/api/recordings.ts';
import { MediaMode } from '../../../shared/room-events.ts';
import { logFor } from '../../lib/log.ts';
import { newId } from '../../lib/ids.ts';
import type { RoomHub } from '../../rooms/room-hub.ts';
import type { SfuService } from '../../sfu/sfu-service.ts';
import type { RecordingRecord } from '../../storage/records.ts';
import type { RecordingRepository } from '../../storage/repositories.ts';
import type { RecordingFiles } from '../recording-files.ts';
import { DEFAULT_TOOLS, postProcess, type RecordingTools } from './post-process.ts';
import { nextServerRecordingState, type ServerRecordingEvent } from './server-recording-state.ts';

const log = logFor('recording');

export interface ServerRecordingsDeps {
  recordings: RecordingRepository;
  files: Pick<RecordingFiles, 'pathOf' | 'janusDirOf'>;
  sfu: Pick<SfuService, 'rooms' | 'onRestart'>;
  modeOf: (meetingId: string) => MediaMode;
  /** Meetings moving to the SFU (media-modes.ts): a recording under way there gets Janus's too. */
  onSwitched?: (listener: (meetingId: string) => void) => () => void;
  hub: Pick<RoomHub, 'onEmptied'>;
  clock: () => Date;
  tools?: RecordingTools;
  /** A server recording's WebM is ready (the webhooks' `recording.ready`). */
  onReady: (record: RecordingRecord) => void;
}

interface Running {
  record: RecordingRecord;
  startedAtMs: number;
}

/**
 * Recordings made on our server from Janus's own: while a meeting is on the SFU, Janus records each
 * feed of its room into `DATA_DIR/recordings/<meeting>/<id>.mjr/`; at the stop (asked for, or the
 * room emptied) the files are post-processed, one recording at a time, in child processes, into
 * `<id>.webm` beside the host's page's recordings: same list, download, delete and access rules.
 */
export function createServerRecordings({
  recordings,
  files,
  sfu,
  modeOf,
  hub,
  clock,
  tools = DEFAULT_TOOLS,
  onReady,
}: ServerRecordingsDeps) {
  const running = new Map<string, Running>();
  /** Post-processing runs one recording after another (two cores are shared with the calls). */
  let queue: Promise<unknown> = Promise.resolve();
  const installed = existsSync(tools.ppRec) && existsSync(tools.ffmpeg);

  const move = async (record: RecordingRecord, event: ServerRecordingEvent, change: Partial<RecordingRecord> = {}) => {
    const state = nextServerRecordingState(record.state, event);
    if (!state) return record;
    const next = { ...record, ...change, state, error: event.type === 'fail' ? event.error : null };
    await recordings.update(record.id, {
      state,
      error: next.error,
      endedAt: next.endedAt,
      durationMs: next.durationMs,
      size: next.size,
    });
    return next;
  };

  const process = (record: RecordingRecord, startedAtMs: number, endedAtMs: number): Promise<void> => {
    const task = async () => {
      const out = files.pathOf(record.meetingId, record.id);
      try {
        const done = await postProcess({ dir: files.janusDirOf(record.meetingId, record.id), startedAtMs, endedAtMs, out, tools });
        // Deleted while it was processed: nothing to mark.
        if (!(await recordings.byId(record.meetingId, record.id))) return;
        const ready = await move(record, { type: 'processed' }, { durationMs: done.durationMs, size: done.size });
        log.info(
          { meeting: record.meetingId, recording: record.id, durationMs: done.durationMs, size: done.size, tracks: done.tracks },
          'server recording ready',
        );
        onReady(ready);
      } catch (error) {
        log.error({ err: error, recording: record.id }, 'post-processing a server recording failed');
        await move(record, { type: 'fail', error: (error as Error).message }).catch(() => undefined);
      }
    };
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  const stopEmptied = hub.onEmptied((meetingId) => void service.stop(meetingId).catch(() => undefined));
  // Janus started again: its rooms (and their recorders) are gone; a running recording goes on in new files.
  const stopRestarts = sfu.onRestart(() => {
    for (const { record } of running.values()) {
      const rooms = sfu.rooms();
      void rooms
        ?.ensure(record.meetingId)
        .then(() => rooms.record(record.meetingId, files.janusDirOf(record.meetingId, record.id)))
        .catch((error) => log.warn({ err: error, recording: record.id }, 'recording again after Janus restarted failed'));
    }
  });

  const service = {
    /** Whether a start in this meeting records on the server too: it is on the SFU, and janus-tools and ffmpeg are installed. */
    available: (meetingId: string) => installed && sfu.rooms() !== null && modeOf(meetingId) === MediaMode.Sfu,
    running: (meetingId: string): RecordingRecord | null => running.get(meetingId)?.record ?? null,

    /** Has Janus record the meeting's room; the record (failed, with the reason, if Janus refused). */
    async start(meetingId: string, ownerId: string): Promise<RecordingRecord> {
      const startedAt = clock();
      let record: RecordingRecord = {
        id: newId(),
        meetingId,
        ownerId,
        startedAt: startedAt.toISOString(),
        endedAt: null,
        durationMs: 0,
        size: 0,
        state: RecordingState.Recording,
        source: RecordingSource.Server,
        error: null,
      };
      // Running from now: a second start meanwhile (a switch to the SFU and a host's start at once) finds it.
      running.set(meetingId, { record, startedAtMs: startedAt.getTime() });
      const rooms = sfu.rooms();
      try {
        await recordings.create(record);
        if (!rooms) throw new Error('the SFU is not running');
        const dir = files.janusDirOf(meetingId, record.id);
        await mkdir(dir, { recursive: true });
        await rooms.ensure(meetingId);
        await rooms.record(meetingId, dir);
        log.info({ meeting: meetingId, recording: record.id }, 'Janus records the meeting');
      } catch (error) {
        running.delete(meetingId);
        record = await move(
          record,
          { type: 'fail', error: `Janus did not record: ${(error as Error).message}` },
          { endedAt: clock().toISOString() },
        );
      }
      return record;
    },

    /**
     * Stops the meeting's server recording (if any): resolves once it is marked `processing`, with
     * `done` resolving when it is ready or failed.
     */
    async stop(meetingId: string): Promise<{ record: RecordingRecord; done: Promise<void> } | null> {
      const current = running.get(meetingId);
      if (!current) return null;
      running.delete(meetingId);
      const ended = clock();
      // The files are closed when Janus answers; a room already destroyed (everyone left) closed them too.
      await sfu
        .rooms()
        ?.record(meetingId, null)
        .catch((error) => log.debug({ err: error, meeting: meetingId }, 'stopping Janus’s recording: the room has gone'));
      const processing = await move(
        current.record,
        { type: 'stop' },
        { endedAt: ended.toISOString(), durationMs: ended.getTime() - current.startedAtMs },
      );
      return { record: processing, done: process(processing, current.startedAtMs, ended.getTime()) };
    },

    /** At start: a server recording a crash or restart interrupted is made from what Janus wrote before. */
    async recover(record: RecordingRecord, idleMs: number): Promise<void> {
      const dir = files.janusDirOf(record.meetingId, record.id);
      const names = await readdir(dir).catch(() => [] as string[]);
      const times = await Promise.all(
        names.map((n) =>
          stat(path.join(dir, n)).then(
            (s) => s.mtimeMs,
            () => 0,
          ),
        ),
      );
      const startedAtMs = Date.parse(record.startedAt);
      const endedAtMs = record.endedAt ? Date.parse(record.endedAt) : Math.max(startedAtMs, ...times);
      // Janus still writes it (another node of a cluster records it): looked at again once it is quiet.
      const quietMs = Date.now() - endedAtMs;
      if (record.state === RecordingState.Recording && quietMs < idleMs) {
        const timer = setTimeout(
          async () => {
            const current = await recordings.byId(record.meetingId, record.id).catch(() => null);
            if (current?.state === RecordingState.Recording && !running.has(record.meetingId))
              await service.recover(current, idleMs).catch(() => undefined);
          },
          idleMs - quietMs + 100,
        );
        timer.unref?.();
        return;
      }
      const processing =
        record.state === RecordingState.Recording
          ? await move(record, { type: 'stop' }, { endedAt: new Date(endedAtMs).toISOString(), durationMs: endedAtMs - startedAtMs })
          : record;
      await process(processing, startedAtMs, endedAtMs);
    },

    /** Stops listening; post-processing under way finishes (or is recovered at the next start). */
    close() {
      stopEmptied();
      stopRestarts();
    },
  };
  return service;
}

export type ServerRecordings = ReturnType<typeof createServerRecordings>;
