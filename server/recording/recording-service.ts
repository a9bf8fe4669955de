import { ErrorCode } from '../../shared/api/errors.ts';
import { RecordingSource, RecordingState, type Recording, type RoomRecording } from '../../shared/api/recordings.ts';
import type { ChatNote, RecordingEndReason } from '../../shared/chat-notes.ts';
import { englishNote } from '../bot/english-note.ts';
import type { ChatService } from '../chat/chat-service.ts';
import type { Config } from '../config.ts';
import { ApiError, notFound } from '../lib/api-error.ts';
import { newId } from '../lib/ids.ts';
import type { RoomHub } from '../rooms/room-hub.ts';
import type { RecordingRecord } from '../storage/records.ts';
import type { RecordingRepository } from '../storage/repositories.ts';
import type { RecordingFiles } from './recording-files.ts';
import { EbmlError, EbmlIncompleteError } from './webm/ebml.ts';
import { prepareHead } from './webm/prepare-head.ts';
import { createServerRecordings, type ServerRecordingsDeps } from './server-side/server-recordings.ts';
import { logFor } from '../lib/log.ts';

const log = logFor('recording');

export interface RecordingServiceDeps {
  recordings: RecordingRepository;
  hub: RoomHub;
  chat: ChatService;
  files: RecordingFiles;
  config: Pick<Config, 'recording'>;
  clock: () => Date;
  /** With the SFU: recording on the server from Janus's own recordings too (server-side/). */
  server?: Omit<ServerRecordingsDeps, 'recordings' | 'files' | 'clock' | 'onReady' | 'hub'>;
}

/** Why a recording ended; the chat notice says so. */
export type EndReason = RecordingEndReason;

interface Active {
  record: RecordingRecord;
  /** The participant whose page records; their leaving ends the recording. */
  recorderId: string;
  startedBy: string;
  nextSeq: number;
  size: number;
  /** Length of the last chunk as received, to recognise its retry. */
  lastLength: number;
  /**
   * Everything received so far while the WebM head is not complete yet (a recorder's first
   * chunk may end inside it); null once the head has been prepared.
   */
  pendingHead: Uint8Array | null;
  idle: ReturnType<typeof setTimeout> | null;
  /** Chunk writes and the finalise run one after another. */
  queue: Promise<unknown>;
  /** Set when the end is asked for: chunks sent after it are refused… */
  ending: Promise<Recording | null> | null;
  /** …and set when the end runs: chunks queued before it were written. */
  ended: boolean;
}

export const toRecording = ({ ownerId: _owner, ...r }: RecordingRecord): Recording => r;

const conflict = (message: string) => new ApiError(ErrorCode.Conflict, message);

/**
 * Recordings from start to finished file: one at a time per meeting, chunks appended in
 * order (a retried chunk is recognised), finalised on stop, when the recording host
 * leaves the call, when chunks stop coming, or at the next start after a crash. Start
 * and end are announced on the room channel (the indicator) and as chat notices.
 */
export function createRecordingService({ recordings, hub, chat, files, config, clock, server: serverDeps }: RecordingServiceDeps) {
  const active = new Map<string, Active>();
  /** Who hears that a recording is ready to download (the webhooks' `recording.ready`). */
  const readyListeners = new Set<(recording: Recording, ownerId: string) => void>();
  /**
   * In a meeting on the SFU, a start records on the server too: a second recording (source `server`)
   * that goes on when the host's page goes away (it ends when the host stops, or the meeting ends or
   * empties), shown by the indicator in the meantime.
   */
  const server = serverDeps
    ? createServerRecordings({
        ...serverDeps,
        recordings,
        files,
        hub,
        clock,
        onReady: (record) => {
          for (const listener of readyListeners) listener(toRecording(record), record.ownerId);
        },
      })
    : null;
  /** The indicator of a server recording going on without the host's page. */
  const serverIndicator = (meetingId: string, startedBy: string): RoomRecording | null => {
    const running = server?.running(meetingId);
    return running ? { id: running.id, startedAt: running.startedAt, startedBy, recorderId: '' } : null;
  };
  // A meeting recorded on the mesh that grows onto the SFU: Janus records from then on too.
  const stopSwitches = serverDeps?.onSwitched?.((meetingId) => {
    const a = active.get(meetingId);
    if (!a || a.ending || !server || server.running(meetingId) || !server.available(meetingId)) return;
    void server.start(meetingId, a.record.ownerId).catch(logFailure);
  });
  const stopServer = (meetingId: string) => {
    if (!server?.running(meetingId)) return;
    void server
      .stop(meetingId)
      .then((stopped) => stopped?.done)
      .catch(logFailure);
  };

  const serial = <T>(a: Active, task: () => Promise<T>): Promise<T> => {
    const next = a.queue.then(task, task);
    a.queue = next.catch(() => undefined);
    return next;
  };

  const armIdle = (a: Active) => {
    if (a.idle) clearTimeout(a.idle);
    a.idle = setTimeout(() => void end(a, 'idle').catch(logFailure), config.recording.idleMs);
    a.idle.unref?.();
  };

  const activeFor = (meetingId: string, recordingId: string) => {
    const a = active.get(meetingId);
    return a?.record.id === recordingId ? a : null;
  };

  const progressOf = (a: Active) => ({
    recorderId: a.recorderId,
    startedBy: a.startedBy,
    nextSeq: a.nextSeq,
    size: a.size,
    lastLength: a.lastLength,
    headPending: a.pendingHead !== null,
  });

  /** Adoptions under way, by meeting (two chunks arriving together adopt once). */
  const adopting = new Map<string, Promise<Active | null>>();

  /**
   * A recording still marked as recording that this process is not writing: another node was (a
   * failover or a drain moved the meeting here) or this one before a restart. Taken over from its
   * progress file, so the recorder's next chunk carries on and everyone sees the indicator.
   */
  function adopt(meetingId: string): Promise<Active | null> {
    const current = active.get(meetingId);
    if (current) return Promise.resolve(current);
    let pending = adopting.get(meetingId);
    if (!pending) {
      pending = (async () => {
        const record = (await recordings.listForMeeting(meetingId)).find((r) => r.state === RecordingState.Recording);
        const progress = record ? await files.readProgress(meetingId, record.id) : null;
        if (!record || !progress || active.has(meetingId)) return active.get(meetingId) ?? null;
        const a: Active = {
          record,
          recorderId: progress.recorderId,
          startedBy: progress.startedBy,
          nextSeq: progress.nextSeq,
          size: progress.size,
          lastLength: progress.lastLength,
          pendingHead: progress.headPending ? await files.readStart(meetingId, record.id, progress.size) : null,
          idle: null,
          queue: Promise.resolve(),
          ending: null,
          ended: false,
        };
        active.set(meetingId, a);
        armIdle(a);
        hub.setRecording(meetingId, { id: record.id, startedAt: record.startedAt, startedBy: a.startedBy, recorderId: a.recorderId });
        log.info({ meeting: meetingId, recording: record.id, nextSeq: a.nextSeq, size: a.size }, 'took over a recording in progress');
        return a;
      })().finally(() => adopting.delete(meetingId));
      adopting.set(meetingId, pending);
    }
    return pending;
  }

  /** An unfinished recording nobody writes any more (no chunk for the idle time, on any node) is finalised; else looked at again later. */
  async function finaliseWhenIdle(record: RecordingRecord): Promise<boolean> {
    if (active.get(record.meetingId)?.record.id === record.id) return false;
    const last = (await files.lastWriteAt(record.meetingId, record.id)) ?? Date.parse(record.startedAt);
    const quietMs = Date.now() - last;
    if (quietMs < config.recording.idleMs) {
      const timer = setTimeout(() => void finaliseWhenIdle(record).catch(logFailure), config.recording.idleMs - quietMs + 100);
      timer.unref?.();
      orphans.add(timer);
      return false;
    }
    const current = await recordings.byId(record.meetingId, record.id);
    if (current?.state !== RecordingState.Recording || active.has(record.meetingId)) return false;
    const file = await files.open(record.meetingId, record.id);
    const progress = await files.readProgress(record.meetingId, record.id);
    await finalise(record, progress?.headPending ? 0 : (progress?.size ?? file?.size ?? 0));
    return true;
  }
  const orphans = new Set<ReturnType<typeof setTimeout>>();

  const stored = (meetingId: string, recordingId: string) => recordings.byId(meetingId, recordingId);

  /** The file made complete and the record marked ready; a recording that never got a byte is forgotten. */
  async function finalise(record: RecordingRecord, size: number): Promise<Recording | null> {
    if (size === 0) {
      await recordings.delete(record.id);
      await files.remove(record.meetingId, record.id);
      return null;
    }
    let durationMs = 0;
    let finalSize = size;
    try {
      const done = await files.finalise(record.meetingId, record.id);
      durationMs = Math.round(done.durationMs);
      finalSize = done.size;
    } catch (error) {
      if (error instanceof EbmlError) return finalise(record, 0);
      // Not the bytes but the disk failed: they stay downloadable as they are, only the duration is unknown.
      log.error({ err: error, recording: record.id }, 'cannot finalise a recording');
    }
    const ready = { ...record, state: RecordingState.Ready, endedAt: clock().toISOString(), durationMs, size: finalSize };
    await recordings.finish(record.id, ready);
    for (const listener of readyListeners) listener(toRecording(ready), record.ownerId);
    return toRecording(ready);
  }

  function end(a: Active, reason: EndReason): Promise<Recording | null> {
    if (a.ending) return a.ending;
    if (a.idle) clearTimeout(a.idle);
    const { meetingId } = a.record;
    // The page went away: the server recording goes on (and shows); otherwise it stops with this one.
    const serverGoesOn = reason === 'recorder-left' || reason === 'idle';
    if (!serverGoesOn) stopServer(meetingId);
    // Everyone sees the indicator go at once; the file is finalised after the chunk in flight.
    hub.setRecording(meetingId, serverGoesOn ? serverIndicator(meetingId, a.startedBy) : null);
    a.ending = serial(a, async () => {
      a.ended = true;
      // A head never completed is not a recording anyone can play: forget it.
      const result = await finalise(a.record, a.pendingHead ? 0 : a.size);
      active.delete(meetingId);
      // While the server goes on recording, the room is still recorded: no "recording stopped" notice.
      if (serverGoesOn && server?.running(meetingId)) return result;
      const ended: ChatNote = { type: 'recording-ended', reason, durationMs: result ? result.durationMs : null };
      await chat.notice(meetingId, ended, englishNote(ended)).catch(logFailure);
      return result;
    });
    return a.ending;
  }

  const unsubscribe = hub.subscribe((event) => {
    if (event.type !== 'left') return;
    const a = active.get(event.meetingId);
    if (a && a.recorderId === event.participant.id) void end(a, 'recorder-left').catch(logFailure);
  });

  return {
    /** Tells `listener` about every recording that becomes ready (with its owner); returns the unsubscribe. */
    onReady(listener: (recording: Recording, ownerId: string) => void): () => void {
      readyListeners.add(listener);
      return () => readyListeners.delete(listener);
    },
    async start(meetingId: string, ownerId: string, recorder: { id: string; name: string }): Promise<Recording> {
      if (active.has(meetingId)) throw conflict('a recording is already running in this meeting');
      const record: RecordingRecord = {
        id: newId(),
        meetingId,
        ownerId,
        startedAt: clock().toISOString(),
        endedAt: null,
        durationMs: 0,
        size: 0,
        state: RecordingState.Recording,
        source: RecordingSource.Browser,
        error: null,
      };
      const a: Active = {
        record,
        recorderId: recorder.id,
        startedBy: recorder.name,
        nextSeq: 0,
        size: 0,
        lastLength: -1,
        pendingHead: new Uint8Array(0),
        idle: null,
        queue: Promise.resolve(),
        ending: null,
        ended: false,
      };
      active.set(meetingId, a);
      try {
        await recordings.create(record);
        await files.writeProgress(meetingId, record.id, progressOf(a));
      } catch (error) {
        active.delete(meetingId);
        throw error;
      }
      armIdle(a);
      // On the SFU, Janus records too (unless it already does, the host's page having gone and come back).
      if (server && !server.running(meetingId) && server.available(meetingId))
        await server
          .start(meetingId, ownerId)
          .catch((error) => log.error({ err: error, meeting: meetingId }, 'recording on the server failed'));
      hub.setRecording(meetingId, { id: record.id, startedAt: record.startedAt, startedBy: recorder.name, recorderId: recorder.id });
      const started: ChatNote = { type: 'recording-started', name: recorder.name };
      await chat.notice(meetingId, started, englishNote(started)).catch(logFailure);
      return toRecording(record);
    },

    /** Appends chunk `seq`; the same chunk sent again (a retry whose answer was lost) is answered without writing. */
    async appendChunk(meetingId: string, recordingId: string, seq: number, bytes: Uint8Array): Promise<{ seq: number; size: number }> {
      const a =
        activeFor(meetingId, recordingId) ??
        ((await adopt(meetingId))?.record.id === recordingId ? activeFor(meetingId, recordingId) : null);
      if (!a) {
        if (await stored(meetingId, recordingId)) throw conflict('this recording has ended');
        throw notFound('recording');
      }
      if (a.ending) throw conflict('this recording has ended');
      return serial(a, async () => {
        if (a.ended) throw conflict('this recording has ended');
        if (seq === a.nextSeq - 1 && bytes.length === a.lastLength) return { seq, size: a.size };
        if (seq !== a.nextSeq) throw conflict(`expected chunk ${a.nextSeq}, got ${seq}`);
        const { offset, data, pendingHead } = a.pendingHead
          ? withHead(a.pendingHead, bytes)
          : { offset: a.size, data: bytes, pendingHead: null };
        if (offset + data.length > config.recording.maxBytes) {
          throw new ApiError(
            ErrorCode.PayloadTooLarge,
            `the recording reached its limit of ${Math.floor(config.recording.maxBytes / 1024 / 1024)} MB`,
          );
        }
        await files.write(meetingId, recordingId, offset, data);
        a.size = offset + data.length;
        a.pendingHead = pendingHead;
        a.nextSeq = seq + 1;
        a.lastLength = bytes.length;
        await files.writeProgress(meetingId, recordingId, progressOf(a));
        armIdle(a);
        return { seq, size: a.size };
      });
    },

    /** Ends a recording (idempotent: a finished one answers as it is). */
    async stop(meetingId: string, recordingId: string, reason: EndReason = 'stopped'): Promise<Recording | null> {
      const a =
        activeFor(meetingId, recordingId) ??
        ((await adopt(meetingId))?.record.id === recordingId ? activeFor(meetingId, recordingId) : null);
      if (a) return end(a, reason);
      if (server?.running(meetingId)?.id === recordingId) {
        const stopped = await server.stop(meetingId);
        if (!active.has(meetingId)) hub.setRecording(meetingId, null);
        if (stopped) return toRecording(stopped.record);
      }
      const record = await stored(meetingId, recordingId);
      if (!record) throw notFound('recording');
      return toRecording(record);
    },

    list: async (meetingId: string): Promise<Recording[]> => (await recordings.listForMeeting(meetingId)).map(live),

    listForOwner: async (ownerId: string): Promise<Recording[]> => (await recordings.listForOwner(ownerId)).map(live),

    async find(meetingId: string, recordingId: string): Promise<Recording | null> {
      const record = await stored(meetingId, recordingId);
      return record ? live(record) : null;
    },

    async remove(meetingId: string, recordingId: string): Promise<void> {
      if (activeFor(meetingId, recordingId)) throw conflict('stop the recording before deleting it');
      const record = await stored(meetingId, recordingId);
      if (!record) throw notFound('recording');
      if (record.state === RecordingState.Recording) throw conflict('stop the recording before deleting it');
      if (record.state === RecordingState.Processing) throw conflict('the recording is still being processed');
      await recordings.delete(recordingId);
      await files.remove(meetingId, recordingId);
    },

    /** A deleted meeting takes its recordings with it. */
    async removeMeeting(meetingId: string): Promise<void> {
      const a = active.get(meetingId);
      if (a) await end(a, 'meeting-deleted').catch(logFailure);
      await server?.stop(meetingId).catch(logFailure);
      await recordings.deleteForMeeting(meetingId);
      await files.removeMeeting(meetingId);
    },

    /** Finalises what a crash or restart left unfinished (their pages have long gone). */
    /**
     * At start: recordings still marked as recording are finalised once nobody has written to them
     * for the idle time — at once after a crash long ago; later (or never, if a page carries on here
     * or another node is writing them) when their last chunk is recent. How many were finalised now.
     */
    async recover(): Promise<number> {
      let finalised = 0;
      for (const record of await recordings.listUnfinished()) {
        if (record.source === RecordingSource.Server) {
          if (!server?.running(record.meetingId)) void server?.recover(record, config.recording.idleMs).catch(logFailure);
        } else if (await finaliseWhenIdle(record)) finalised++;
      }
      return finalised;
    },

    /**
     * A participant rebuilt here from another node's token (a failover or a drain) is about to get
     * their welcome: a recording in progress in their meeting is taken over first, so the welcome
     * shows it (and the recorder's page does not take its absence for an end).
     */
    adoptFor: async (meetingId: string): Promise<void> => void (await adopt(meetingId)),

    /** Stops the timers and waits for writes in progress (unfinished recordings are recovered at the next start). */
    /** Recordings in progress on this server. */
    sizes: () => ({ recordingsInProgress: active.size }),
    /** Server recordings (tests wait on their post-processing through the list). */
    server,

    async close(): Promise<void> {
      unsubscribe();
      stopSwitches?.();
      server?.close();
      for (const timer of orphans) clearTimeout(timer);
      for (const a of active.values()) if (a.idle) clearTimeout(a.idle);
      await Promise.all([...active.values()].map((a) => a.queue));
    },
  };

  /** A record, with the size written so far while it is still recording. */
  function live(record: RecordingRecord): Recording {
    const a = activeFor(record.meetingId, record.id);
    return toRecording(a ? { ...record, size: a.size } : record);
  }
}

/** The most a WebM head may take before the first Cluster (Chrome's is under 300 bytes). */
const HEAD_MAX_BYTES = 1024 * 1024;

/**
 * Where to write a chunk that arrives while the head is still incomplete: appended as it
 * is while the head goes on, or, once it is whole, everything so far rewritten from
 * offset 0 with the head prepared for finalising.
 */
function withHead(before: Uint8Array, chunk: Uint8Array): { offset: number; data: Uint8Array; pendingHead: Uint8Array | null } {
  const sofar = Buffer.concat([before, chunk]);
  try {
    return { offset: 0, data: prepareHead(sofar), pendingHead: null };
  } catch (error) {
    if (error instanceof EbmlIncompleteError && sofar.length <= HEAD_MAX_BYTES)
      return { offset: before.length, data: chunk, pendingHead: sofar };
    if (error instanceof EbmlError) throw new ApiError(ErrorCode.UnsupportedMediaType, `a recording must be WebM: ${error.message}`);
    throw error;
  }
}

function logFailure(error: unknown) {
  log.error({ err: error }, 'recording failed');
}

export type RecordingService = ReturnType<typeof createRecordingService>;
