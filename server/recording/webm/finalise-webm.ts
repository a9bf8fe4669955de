import { open } from 'node:fs/promises';
import { concat, element, encodeId, Id, masterElement, uintElement, voidElement } from './ebml.ts';
import { readHead, type HeadElement, type WebmHead } from './read-head.ts';
import { scanClusters, type CuePoint } from './scan-clusters.ts';

export interface FinalisedWebm {
  durationMs: number;
  /** File size after finalising. */
  size: number;
  /** Bytes dropped from the end: a write cut short (and the Cues of an earlier finalise, written again). */
  droppedBytes: number;
  cuePoints: number;
}

/** Enough for any head a recorder writes (Chrome's is under 300 bytes). */
const HEAD_BYTES = 256 * 1024;

/**
 * Makes a recorder's streamed WebM (as prepared by `prepareHead`) a complete file, in place:
 * drops a final write that was cut short, appends Cues (keyframe index, for seeking), writes
 * a SeekHead into the reserved Void and the Duration measured from the blocks. The Segment
 * keeps its unknown size: its Clusters have unknown sizes too, which a sized parent must not hold. Safe to run again on its own output. Throws `EbmlError` for a file without a usable head.
 */
export async function finaliseWebm(file: string): Promise<FinalisedWebm> {
  const handle = await open(file, 'r+');
  try {
    const { size } = await handle.stat();
    const headBuf = Buffer.alloc(Math.min(size, HEAD_BYTES));
    await handle.read(headBuf, 0, headBuf.length, 0);
    const head = readHead(headBuf);
    const scan = await scanClusters(handle, size, head);
    await handle.truncate(scan.end);
    let end = scan.end;

    const reserve = seekReserve(head);
    if (reserve && scan.cues.length > 0) {
      const cues = cuesElement(scan.cues, head.segment.dataStart);
      await handle.write(cues, 0, cues.length, end);
      const seekHead = seekHeadElement(head, end);
      end += cues.length;
      if (seekHead.length + 2 <= reserve.length) {
        const filled = concat([seekHead, voidElement(reserve.length - seekHead.length)]);
        await handle.write(filled, 0, filled.length, reserve.offset);
      }
    }
    const duration = head.info.duration;
    if (duration) {
      const value = Buffer.alloc(duration.length);
      if (duration.length === 8) value.writeDoubleBE(scan.durationTicks);
      else value.writeFloatBE(scan.durationTicks);
      await handle.write(value, 0, value.length, duration.offset);
    }
    await handle.sync();
    return {
      durationMs: (scan.durationTicks * head.info.timestampScale) / 1e6,
      size: end,
      droppedBytes: size - scan.end,
      cuePoints: scan.cues.length,
    };
  } finally {
    await handle.close();
  }
}

/**
 * The room `prepareHead` reserved first in the Segment: its Void, or (finalised before)
 * the SeekHead written there plus the Void after it.
 */
function seekReserve(head: WebmHead): { offset: number; length: number } | null {
  const [first, second] = head.children;
  const whole = (e: HeadElement | undefined) => (e && e.size !== null ? e.headerLength + e.size : 0);
  if (!first || first.offset !== head.segment.dataStart) return null;
  if (first.id === Id.Void) return { offset: first.offset, length: whole(first) };
  if (first.id === Id.SeekHead && second?.id === Id.Void && second.offset === first.offset + whole(first)) {
    return { offset: first.offset, length: whole(first) + whole(second) };
  }
  return null;
}

function cuesElement(points: readonly CuePoint[], segmentStart: number): Uint8Array {
  return masterElement(
    Id.Cues,
    points.map((p) =>
      masterElement(Id.CuePoint, [
        uintElement(Id.CueTime, p.time),
        masterElement(Id.CueTrackPositions, [
          uintElement(Id.CueTrack, p.track),
          uintElement(Id.CueClusterPosition, p.clusterOffset - segmentStart),
        ]),
      ]),
    ),
  );
}

function seekHeadElement(head: WebmHead, cuesOffset: number): Uint8Array {
  const seek = (id: number, offset: number) =>
    masterElement(Id.Seek, [element(Id.SeekID, encodeId(id)), uintElement(Id.SeekPosition, offset - head.segment.dataStart)]);
  const tracks = head.children.find((c) => c.id === Id.Tracks);
  return masterElement(Id.SeekHead, [
    seek(Id.Info, head.info.offset),
    ...(tracks ? [seek(Id.Tracks, tracks.offset)] : []),
    seek(Id.Cues, cuesOffset),
  ]);
}
