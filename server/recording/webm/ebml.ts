/**
 * The few pieces of EBML (the binary format under WebM/Matroska) that finalising a
 * MediaRecorder recording needs: element headers (id + size as variable-length
 * integers), and encoding the handful of elements we write ourselves.
 * Reference: RFC 8794 (EBML) and RFC 9559 (Matroska).
 */

/** Element ids we read or write (as numbers, including their length marker bits). */
export const Id = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Seek: 0x4dbb,
  SeekID: 0x53ab,
  SeekPosition: 0x53ac,
  Info: 0x1549a966,
  TimestampScale: 0x2ad7b1,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  Cluster: 0x1f43b675,
  Timestamp: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  ReferenceBlock: 0xfb,
  Cues: 0x1c53bb6b,
  CuePoint: 0xbb,
  CueTime: 0xb3,
  CueTrackPositions: 0xb7,
  CueTrack: 0xf7,
  CueClusterPosition: 0xf1,
  Void: 0xec,
  Tags: 0x1254c367,
  Chapters: 0x1043a770,
  Attachments: 0x1941a469,
} as const;

/** Children of a Segment: an element with one of these ids ends a Cluster of unknown size. */
export const SEGMENT_CHILDREN: ReadonlySet<number> = new Set([
  Id.SeekHead,
  Id.Info,
  Id.Tracks,
  Id.Cluster,
  Id.Cues,
  Id.Tags,
  Id.Chapters,
  Id.Attachments,
]);

export const TrackType = { Video: 1, Audio: 2 } as const;

export interface ElementHeader {
  id: number;
  /** Payload size in bytes; null for "unknown" (all value bits set), as live recorders write for Segment and Cluster. */
  size: number | null;
  /** Bytes taken by the id and the size together. */
  headerLength: number;
  /** Bytes taken by the size field alone. */
  sizeLength: number;
}

/** Length of a variable-length integer from its first byte (1..8), or 0 if the byte is not a valid start. */
export function vintLength(first: number): number {
  for (let length = 1; length <= 8; length++) {
    if (first & (0x80 >> (length - 1))) return length;
  }
  return 0;
}

/**
 * The element header at `offset`, or null when the bytes end before it does.
 * Throws on bytes that cannot be an element header.
 */
export function readElementHeader(buf: Uint8Array, offset: number): ElementHeader | null {
  if (offset >= buf.length) return null;
  const idLength = vintLength(buf[offset]!);
  if (idLength === 0 || idLength > 4) throw new EbmlError(`invalid element id at byte ${offset}`);
  if (offset + idLength >= buf.length) return null;
  let id = 0;
  for (let i = 0; i < idLength; i++) id = id * 256 + buf[offset + i]!;
  const sizeStart = offset + idLength;
  const sizeLength = vintLength(buf[sizeStart]!);
  if (sizeLength === 0) throw new EbmlError(`invalid element size at byte ${sizeStart}`);
  if (sizeStart + sizeLength > buf.length) return null;
  let size = buf[sizeStart]! & (0xff >> sizeLength);
  let allOnes = size === 0xff >> sizeLength;
  for (let i = 1; i < sizeLength; i++) {
    const byte = buf[sizeStart + i]!;
    if (byte !== 0xff) allOnes = false;
    size = size * 256 + byte;
  }
  return { id, size: allOnes ? null : size, headerLength: idLength + sizeLength, sizeLength };
}

export class EbmlError extends Error {}

/** The bytes are a valid start so far but end too soon (a recorder's first chunk may hold only part of its head). */
export class EbmlIncompleteError extends EbmlError {}

/** A size field of exactly `length` bytes (8 by default, so it can later be rewritten in place). */
export function encodeSize(size: number, length = 8): Uint8Array {
  if (size >= 2 ** (7 * length) - 1) throw new EbmlError(`size ${size} does not fit in ${length} bytes`);
  const out = new Uint8Array(length);
  let rest = size;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  out[0]! |= 0x80 >> (length - 1);
  return out;
}

/** The smallest size field for `size`. */
export function encodeSizeShortest(size: number): Uint8Array {
  let length = 1;
  while (size >= 2 ** (7 * length) - 1) length++;
  return encodeSize(size, length);
}

export function encodeId(id: number): Uint8Array {
  const bytes: number[] = [];
  for (let rest = id; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.from(bytes);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function element(id: number, payload: Uint8Array): Uint8Array {
  return concat([encodeId(id), encodeSizeShortest(payload.length), payload]);
}

export function masterElement(id: number, children: readonly Uint8Array[]): Uint8Array {
  return element(id, concat(children));
}

export function uintElement(id: number, value: number): Uint8Array {
  const bytes: number[] = [];
  for (let rest = value; rest > 0 || bytes.length === 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return element(id, Uint8Array.from(bytes));
}

export function float64Element(id: number, value: number): Uint8Array {
  const payload = new Uint8Array(8);
  new DataView(payload.buffer).setFloat64(0, value);
  return element(id, payload);
}

/** A Void element of exactly `total` bytes (at least 2), payload zeroed. */
export function voidElement(total: number): Uint8Array {
  if (total < 2) throw new EbmlError('a Void element takes at least 2 bytes');
  // One size byte holds up to 126; longer fillers use an 8-byte size field.
  const sizeLength = total - 2 <= 126 ? 1 : 8;
  const out = new Uint8Array(total);
  out[0] = Id.Void;
  out.set(encodeSize(total - 1 - sizeLength, sizeLength), 1);
  return out;
}

/** Unsigned integer payload (1..8 bytes, big-endian). */
export function readUint(buf: Uint8Array, offset: number, length: number): number {
  let value = 0;
  for (let i = 0; i < length; i++) value = value * 256 + buf[offset + i]!;
  return value;
}

export function readFloat(buf: Uint8Array, offset: number, length: number): number {
  const view = new DataView(buf.buffer, buf.byteOffset + offset, length);
  if (length === 4) return view.getFloat32(0);
  if (length === 8) return view.getFloat64(0);
  throw new EbmlError(`a float has 4 or 8 bytes, not ${length}`);
}
