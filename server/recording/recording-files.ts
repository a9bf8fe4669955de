import { createReadStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finaliseWebm, type FinalisedWebm } from './webm/finalise-webm.ts';

/**
 * Recording bytes on disk: `DATA_DIR/recordings/<meetingId>/<recordingId>.webm`, written
 * chunk by chunk at known offsets. A chunk whose write fails is cut off again, so the
 * file only ever holds whole chunks in order.
 */
export function createRecordingFiles(dataDir: string) {
  const dirOf = (meetingId: string) => path.join(dataDir, 'recordings', meetingId);
  const pathOf = (meetingId: string, recordingId: string) => path.join(dirOf(meetingId), `${recordingId}.webm`);

  return {
    pathOf,
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
    finalise: (meetingId: string, recordingId: string): Promise<FinalisedWebm> => finaliseWebm(pathOf(meetingId, recordingId)),
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
    async remove(meetingId: string, recordingId: string) {
      await rm(pathOf(meetingId, recordingId), { force: true });
    },
    async removeMeeting(meetingId: string) {
      await rm(dirOf(meetingId), { recursive: true, force: true });
    },
  };
}

export type RecordingFiles = ReturnType<typeof createRecordingFiles>;
