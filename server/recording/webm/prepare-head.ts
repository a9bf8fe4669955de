import { concat, float64Element, Id, encodeId, encodeSizeShortest, voidElement } from './ebml.ts';
import { readHead } from './read-head.ts';

/**
 * Bytes kept free at the start of the Segment (a Void element) for the SeekHead that
 * finalising writes there: Seek entries for Info, Tracks and Cues take 3 × 21 + 5 bytes.
 */
export const SEEK_RESERVE = 96;

/** Segment size "unknown" in 8 bytes, so finalising can write the real size in place. */
const UNKNOWN_SIZE_8 = Uint8Array.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

/**
 * Rewrites the start of a MediaRecorder WebM (its head, and whatever follows in `chunk`) so the file can be finalised in place
 * later, without copying it: the Segment size becomes an 8-byte field, a Void reserves
 * room for a SeekHead, and Info gets a Duration (0 for now). Recorders write none of
 * these because they stream. A file that already has a SeekHead is left as it is
 * (moving its elements would break the positions it holds).
 * Throws `EbmlIncompleteError` while the bytes hold only part of the head (send more),
 * `EbmlError` when they are not the start of a WebM file.
 */
export function prepareHead(chunk: Uint8Array): Uint8Array {
  const head = readHead(chunk);
  if (head.children.some((c) => c.id === Id.SeekHead)) return chunk;
  const { segment, info } = head;
  const infoEnd = info.offset + info.headerLength + (info.size ?? 0);
  const infoPayload = chunk.subarray(info.offset + info.headerLength, infoEnd);
  const newInfo = info.duration
    ? chunk.subarray(info.offset, infoEnd)
    : concat([encodeId(Id.Info), encodeSizeShortest(infoPayload.length + 11), infoPayload, float64Element(Id.Duration, 0)]);
  return concat([
    chunk.subarray(0, segment.offset + segment.headerLength - segment.sizeLength),
    UNKNOWN_SIZE_8,
    voidElement(SEEK_RESERVE),
    chunk.subarray(segment.dataStart, info.offset),
    newInfo,
    chunk.subarray(infoEnd),
  ]);
}
