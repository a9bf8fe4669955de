import { createReadStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { newId } from '../lib/ids.ts';

export class FileTooLargeError extends Error {}

export interface StoredFile {
  id: string;
  size: number;
  mime: string;
}

const SNIFF_BYTES = 4100;

/** Types we show inline as an image preview; everything else downloads as an attachment. */
export const PREVIEWABLE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);

/**
 * Shared files on disk: `DATA_DIR/files/<meetingId>/<fileId>`. Written from a stream
 * with a hard size limit (a partial file is removed); the type is detected from the
 * bytes, never from the name.
 */
export function createFileStore(dataDir: string) {
  const dirOf = (meetingId: string) => path.join(dataDir, 'files', meetingId);
  const pathOf = (meetingId: string, fileId: string) => path.join(dirOf(meetingId), fileId);

  return {
    async save(meetingId: string, body: ReadableStream<Uint8Array>, maxBytes: number): Promise<StoredFile> {
      await mkdir(dirOf(meetingId), { recursive: true });
      const id = newId();
      const target = pathOf(meetingId, id);
      const handle = await open(target, 'wx');
      let size = 0;
      const head: Buffer[] = [];
      let headBytes = 0;
      try {
        for await (const chunk of Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>)) {
          const buf = chunk as Buffer;
          size += buf.length;
          if (size > maxBytes) throw new FileTooLargeError(`the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
          if (headBytes < SNIFF_BYTES) {
            head.push(buf.subarray(0, SNIFF_BYTES - headBytes));
            headBytes += Math.min(buf.length, SNIFF_BYTES - headBytes);
          }
          await handle.write(buf);
        }
        await handle.sync();
      } catch (error) {
        await handle.close();
        await rm(target, { force: true });
        throw error;
      }
      await handle.close();
      return { id, size, mime: await detectType(Buffer.concat(head)) };
    },
    async open(meetingId: string, fileId: string) {
      const file = pathOf(meetingId, fileId);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return null;
      return { size: info.size, stream: () => Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array> };
    },
    async remove(meetingId: string, fileId: string) {
      await rm(pathOf(meetingId, fileId), { force: true });
    },
    async dropMeeting(meetingId: string) {
      await rm(dirOf(meetingId), { recursive: true, force: true });
    },
  };
}

export type FileStore = ReturnType<typeof createFileStore>;

/** From the content: a known binary format, else text if it decodes as UTF-8 without NULs, else octet-stream. */
export async function detectType(head: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  if (head.length > 0 && !head.includes(0)) {
    // A multi-byte character may be cut at the end of the sniffed head: allow dropping up to 3 bytes.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let cut = 0; cut <= 3; cut++) {
      try {
        decoder.decode(head.subarray(0, head.length - cut));
        return 'text/plain';
      } catch {
        /* try a shorter prefix */
      }
    }
  }
  return 'application/octet-stream';
}
