import path from 'node:path';

export const CHAT_FILE_SUFFIX = '.jsonl';
const MEETING_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** `DATA_DIR/chat/<meetingId>.jsonl`; an id that could leave the folder is refused. */
export function chatFileOf(dir: string, meetingId: string): string {
  if (!MEETING_ID.test(meetingId)) throw new Error(`not a meeting id: ${JSON.stringify(meetingId)}`);
  return path.join(dir, `${meetingId}${CHAT_FILE_SUFFIX}`);
}

export function meetingIdOfChatFile(file: string): string | null {
  const name = path.basename(file);
  return name.endsWith(CHAT_FILE_SUFFIX) ? name.slice(0, -CHAT_FILE_SUFFIX.length) : null;
}

export interface Line {
  text: string;
  /** Byte offset of the line in the file, and its length with the newline. */
  start: number;
  length: number;
}

/**
 * The complete lines of a chat file (each ends with `\n`), and where the last of them ends:
 * bytes after that are a line whose write was cut short.
 */
export function splitLines(bytes: Uint8Array): { lines: Line[]; complete: number } {
  const lines: Line[] = [];
  let start = 0;
  for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
    lines.push({ text: Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8'), start, length: end + 1 - start });
    start = end + 1;
  }
  return { lines, complete: start };
}
