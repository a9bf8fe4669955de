import { open } from 'node:fs/promises';

/**
 * The files Janus's VideoRoom writes for a recorded room: one `.mjr` per stream of each publisher,
 * named `videoroom-<room>-user-<feed>-<created µs>-<audio|video|data>-<mindex>.mjr`. A publisher who
 * leaves and comes back gets new files (a new creation time).
 */
export interface JanusTrackFile {
  name: string;
  room: string;
  feed: string;
  kind: 'audio' | 'video' | 'data';
  mindex: number;
  /** When Janus opened the file (µs since the epoch). */
  createdUs: number;
}

const NAME = /^videoroom-(.+)-user-(.+)-(\d+)-(audio|video|data)-(\d+)\.mjr$/;

export function parseTrackName(name: string): JanusTrackFile | null {
  const m = NAME.exec(name);
  if (!m) return null;
  return { name, room: m[1]!, feed: m[2]!, createdUs: Number(m[3]), kind: m[4] as JanusTrackFile['kind'], mindex: Number(m[5]) };
}

/** The audio and video files of a folder, oldest first (data channels are not recorded into the WebM). */
export const mediaTracks = (names: string[]): JanusTrackFile[] =>
  names
    .map(parseTrackName)
    .filter((t): t is JanusTrackFile => t !== null && t.kind !== 'data')
    .sort((a, b) => a.createdUs - b.createdUs || a.feed.localeCompare(b.feed) || a.mindex - b.mindex);

/** The JSON info header of an `.mjr` file: codec (`c`), kind (`t`), created (`s`) and first frame written (`u`), µs. */
export interface MjrHeader {
  t: string;
  c: string;
  s: number;
  u: number;
}

/**
 * Reads an `.mjr` header: "MJR00002", a 16-bit length, then the JSON. Janus writes it with the
 * first packet, so a stream that never got one has none (null).
 */
export function parseMjrHeader(bytes: Uint8Array): MjrHeader | null {
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== 'MJR00002' || bytes.length < 10) return null;
  const length = (bytes[8]! << 8) | bytes[9]!;
  if (length === 0 || bytes.length < 10 + length) return null;
  try {
    const info = JSON.parse(new TextDecoder().decode(bytes.subarray(10, 10 + length))) as Partial<MjrHeader>;
    if (typeof info.t !== 'string' || typeof info.c !== 'string' || !Number.isFinite(info.s) || !Number.isFinite(info.u)) return null;
    return info as MjrHeader;
  } catch {
    return null;
  }
}

export async function readMjrHeader(file: string): Promise<MjrHeader | null> {
  const handle = await open(file, 'r');
  try {
    const bytes = new Uint8Array(4096);
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
    return parseMjrHeader(bytes.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}
