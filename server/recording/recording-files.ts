import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finaliseWebm, type FinalisedWebm } from './webm/finalise-webm.ts';

/**
 * Recording bytes on disk: `DATA_DIR/recordings/<meetingId>/<recordingId>.webm`. The host's page's are
 * written chunk by chunk at known offsets (a chunk whose write fails is cut off again, so the file
 * only ever holds whole chunks in order); the server's are written by post-processing (server-side/).
 */
export function createRecordingFiles(dataDir: string) {
  const dirOf = (meetingId: string) => path.join(dataDir, 'recordings', meetingId);
  const pathOf = (meetingId: string, recordingId: string) => path.join(dirOf(meetingId), `${recordingId}.webm`);
  const progressOf = (meetingId: string, recordingId: string) => path.join(dirOf(meetingId), `${recordingId}.progress.json`);
  /** A server recording's Janus files (`.mjr`), until post-processed into `<id>.webm`. */
  const janusDirOf = (meetingId: string, recordingId: string) => path.join(dirOf(meetingId), `${recordingId}.mjr`);

  return {
    pathOf,
    janusDirOf,
    /** Writes `bytes` at `offset` (the size of the chunks before), flushed to disk. */
    async write(meetingId: string, recordingId: string, offset: number, bytes: Uint8Array): Promise<void> {
      if (offset === 0) await mkdir(dirOf(meetingId), { recursive: true });
      const handle = await open(pathOf(meetingId, recordingId), offset === 0 ? 'w' : 'r+');
      try {
        await handle.truncate(offset);
        await handle.write(bytes, 0, bytes.length, offset);
        await handle.sync();
      } catch (error) {
        await handle.truncate(offset).catch(() => undefined);
        throw error;
      } finally {
        await handle.close();
      }
    },
    async finalise(meetingId: string, recordingId: string): Promise<FinalisedWebm> {
      const done = await finaliseWebm(pathOf(meetingId, recordingId));
      await rm(progressOf(meetingId, recordingId), { force: true });
      return done;
    },
    async open(meetingId: string, recordingId: string) {
      const file = pathOf(meetingId, recordingId);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return null;
      return {
        size: info.size,
        /** Bytes `start` to `end` inclusive. */
        stream: (start: number, end: number) => Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream<Uint8Array>,
      };
    },
    /**
     * Where a recording in progress stands, next to its file on the storage every node reaches:
     * written (and flushed) after each chunk, before the chunk is acknowledged, so whichever node
     * the recorder's next chunk reaches (a failover, a drain, a restart) carries on from it.
     */
    async writeProgress(meetingId: string, recordingId: string, progress: RecordingProgress): Promise<void> {
      await mkdir(dirOf(meetingId), { recursive: true });
      const target = progressOf(meetingId, recordingId);
      const temp = `${target}.tmp`;
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(JSON.stringify(progress));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    },
    async readProgress(meetingId: string, recordingId: string): Promise<RecordingProgress | null> {
      try {
        const value = JSON.parse(await readFile(progressOf(meetingId, recordingId), 'utf8'));
        return isProgress(value) ? value : null;
      } catch {
        return null;
      }
    },
    /** The first `size` bytes (a head still being completed when another node took over). */
    async readStart(meetingId: string, recordingId: string, size: number): Promise<Uint8Array> {
      const handle = await open(pathOf(meetingId, recordingId), 'r');
      try {
        const bytes = new Uint8Array(size);
        const { bytesRead } = await handle.read(bytes, 0, size, 0);
        return bytes.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    /** When a chunk was last written (ms since the epoch), by any node; null if nothing was. */
    async lastWriteAt(meetingId: string, recordingId: string): Promise<number | null> {
      const times = await Promise.all(
        [pathOf(meetingId, recordingId), progressOf(meetingId, recordingId)].map((f) =>
          stat(f).then(
            (s) => s.mtimeMs,
            () => null,
          ),
        ),
      );
      const known = times.filter((t): t is number => t !== null);
      return known.length ? Math.max(...known) : null;
    },
    async remove(meetingId: string, recordingId: string) {
      await rm(pathOf(meetingId, recordingId), { force: true });
      await rm(janusDirOf(meetingId, recordingId), { recursive: true, force: true });
      await rm(progressOf(meetingId, recordingId), { force: true });
    },
    async removeMeeting(meetingId: string) {
      await rm(dirOf(meetingId), { recursive: true, force: true });
    },
  };
}

export type RecordingFiles = ReturnType<typeof createRecordingFiles>;

/** See `writeProgress`. */
export interface RecordingProgress {
  /** The participant whose page records, and their name (the indicator says who). */
  recorderId: string;
  startedBy: string;
  nextSeq: number;
  size: number;
  lastLength: number;
  /** The WebM head is still incomplete (the first `size` bytes are kept to complete it). */
  headPending: boolean;
}

const isProgress = (v: unknown): v is RecordingProgress => {
  const p = v as RecordingProgress;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.recorderId === 'string' &&
    typeof p.startedBy === 'string' &&
    [p.nextSeq, p.size, p.lastLength].every(Number.isInteger) &&
    typeof p.headPending === 'boolean'
  );
};
