import type { FileHandle } from 'node:fs/promises';
import { EbmlError, Id, readElementHeader, readUint, SEGMENT_CHILDREN, TrackType, vintLength, type ElementHeader } from './ebml.ts';
import type { WebmHead } from './read-head.ts';

export interface CuePoint {
  /** In timestamp ticks (TimestampScale). */
  time: number;
  track: number;
  /** Offset of the Cluster in the file. */
  clusterOffset: number;
}

export interface ClusterScan {
  /** The file is complete up to here: everything after is a write cut short (a closed tab). */
  end: number;
  /** From 0 to the end of the last block (its timestamp plus the gap before it), in ticks. */
  durationTicks: number;
  blocks: number;
  /** One per Cluster that starts a keyframe of the seek track (video, else the first track). */
  cues: CuePoint[];
}

/** Reads a file through a sliding window, so a scan costs a few large reads, not one per element. */
class FileWindow {
  private buf = Buffer.alloc(0);
  private base = 0;
  private readonly handle: FileHandle;
  readonly size: number;
  private readonly windowBytes: number;
  constructor(handle: FileHandle, size: number, windowBytes = 1 << 20) {
    this.handle = handle;
    this.size = size;
    this.windowBytes = windowBytes;
  }

  /** Up to `length` bytes from `position` (fewer at the end of the file). */
  async bytes(position: number, length: number): Promise<Uint8Array> {
    const end = Math.min(position + length, this.size);
    if (position < this.base || end > this.base + this.buf.length) {
      const buf = Buffer.alloc(Math.max(0, Math.min(Math.max(end - position, this.windowBytes), this.size - position)));
      const { bytesRead } = await this.handle.read(buf, 0, buf.length, position);
      this.buf = buf.subarray(0, bytesRead);
      this.base = position;
    }
    return this.buf.subarray(position - this.base, end - this.base);
  }
}

interface TrackTimes {
  last: number;
  /** Gap between the last two blocks: our guess of the last block's own duration. */
  lastGap: number;
}

const MAX_HEADER = 12;
const BLOCK_HEAD = 8 + 2 + 1;

/**
 * Walks every Cluster after the head: block timestamps per track (for the duration),
 * keyframe clusters (for Cues), and where the last complete element ends. Clusters of
 * unknown size (what live recorders write) end at the next Segment-level element.
 * A Cues element left by an earlier finalise ends the scan (it is written again).
 */
export async function scanClusters(handle: FileHandle, fileSize: number, head: WebmHead): Promise<ClusterScan> {
  const window = new FileWindow(handle, fileSize);
  const seekTrack = (head.tracks.find((t) => t.type === TrackType.Video) ?? head.tracks[0]!).number;
  const times = new Map<number, TrackTimes>();
  const cues: CuePoint[] = [];
  let end = head.end;
  let blocks = 0;

  const header = async (at: number): Promise<ElementHeader | null> => {
    try {
      return readElementHeader(await window.bytes(at, MAX_HEADER), 0);
    } catch (error) {
      if (error instanceof EbmlError) return null; // garbage: the file ends here
      throw error;
    }
  };

  /** Track, relative timestamp and keyframe flag of a (Simple)Block whose payload starts at `at`. */
  const blockHead = async (at: number) => {
    const bytes = await window.bytes(at, BLOCK_HEAD);
    const trackLength = vintLength(bytes[0] ?? 0);
    if (trackLength === 0 || bytes.length < trackLength + 3) return null;
    const track = readUint(bytes, 0, trackLength) - (0x80 >> (trackLength - 1)) * 256 ** (trackLength - 1);
    const relative = new DataView(bytes.buffer, bytes.byteOffset + trackLength, 2).getInt16(0);
    return { track, relative, flags: bytes[trackLength + 2]! };
  };

  const noteBlock = (track: number, time: number) => {
    blocks++;
    const t = times.get(track);
    if (!t) times.set(track, { last: time, lastGap: 0 });
    else if (time > t.last) {
      t.lastGap = time - t.last;
      t.last = time;
    }
  };

  let at = head.end;
  scan: for (;;) {
    const top = await header(at);
    if (!top || top.id === Id.Cues) break;
    const dataStart = at + top.headerLength;
    if (top.id !== Id.Cluster) {
      // Tags, Void…: skip whole elements only.
      if (top.size === null || dataStart + top.size > fileSize) break;
      at = dataStart + top.size;
      end = at;
      continue;
    }
    const clusterOffset = at;
    const clusterEnd = top.size === null ? fileSize : dataStart + top.size;
    if (clusterEnd > fileSize) break; // a sized Cluster cut short is dropped whole
    let clusterTime: number | null = null;
    let cued = false;
    let p = dataStart;
    while (p < clusterEnd) {
      const child = await header(p);
      if (!child) break scan;
      if (top.size === null && SEGMENT_CHILDREN.has(child.id)) break; // the next Cluster (or Cues) begins
      if (child.size === null) break scan;
      const childData = p + child.headerLength;
      const childEnd = childData + child.size;
      if (childEnd > clusterEnd) break scan; // cut short
      let block: { track: number; relative: number; key: boolean } | null = null;
      if (child.id === Id.Timestamp) clusterTime = readUint(await window.bytes(childData, child.size), 0, child.size);
      else if (child.id === Id.SimpleBlock) {
        const b = await blockHead(childData);
        if (b) block = { track: b.track, relative: b.relative, key: (b.flags & 0x80) !== 0 };
      } else if (child.id === Id.BlockGroup) {
        block = await readBlockGroup(childData, childEnd);
      }
      if (block) {
        if (clusterTime === null) break scan; // a block before its cluster's timestamp: not a file we understand
        const time = clusterTime + block.relative;
        noteBlock(block.track, time);
        if (!cued && block.track === seekTrack && block.key) {
          cues.push({ time, track: seekTrack, clusterOffset });
          cued = true;
        }
      }
      p = childEnd;
      end = childEnd;
    }
    at = p;
    if (p >= fileSize) break;
  }

  async function readBlockGroup(start: number, stop: number) {
    let block: { track: number; relative: number } | null = null;
    let key = true;
    for (let q = start; q < stop; ) {
      const h = await header(q);
      if (!h || h.size === null) return null;
      if (h.id === Id.Block) block = await blockHead(q + h.headerLength);
      if (h.id === Id.ReferenceBlock) key = false;
      q += h.headerLength + h.size;
    }
    return block ? { ...block, key } : null;
  }

  let last = 0;
  for (const t of times.values()) last = Math.max(last, t.last + t.lastGap);
  return { end, durationTicks: last, blocks, cues };
}
