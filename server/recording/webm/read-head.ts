import { EbmlError, EbmlIncompleteError, encodeId, Id, readElementHeader, readFloat, readUint, type ElementHeader } from './ebml.ts';

export interface HeadElement extends ElementHeader {
  /** Byte offset of the element's id in the file. */
  offset: number;
}

export interface TrackInfo {
  number: number;
  type: number;
}

/** What the start of a WebM file says about its layout (everything before the first Cluster). */
export interface WebmHead {
  segment: HeadElement & { dataStart: number };
  /** Segment children before the first Cluster, in file order. */
  children: HeadElement[];
  info: HeadElement & {
    timestampScale: number;
    /** Where the Duration value is, when the file has one. */
    duration: { offset: number; length: number; value: number } | null;
  };
  tracks: TrackInfo[];
  /** Offset of the first Cluster, or the end of the bytes given. */
  end: number;
}

const MAX_HEAD_CHILD = 1024 * 1024;

const EBML_MAGIC = encodeId(Id.EBML);
const incomplete = (what: string) => new EbmlIncompleteError(`the bytes end before ${what}`);

/**
 * Parses the EBML header, the Segment header and the Segment's children up to the
 * first Cluster. Throws `EbmlIncompleteError` if the bytes are the start of a WebM head
 * but end before it does, and `EbmlError` if they are not WebM.
 */
export function readHead(buf: Uint8Array): WebmHead {
  const magic = buf.subarray(0, EBML_MAGIC.length);
  if (magic.some((byte, i) => byte !== EBML_MAGIC[i])) throw new EbmlError('not a WebM file (no EBML header)');
  const ebml = readElementHeader(buf, 0);
  if (!ebml) throw incomplete('the EBML header');
  if (ebml.size === null) throw new EbmlError('the EBML header has no size');
  const ebmlEnd = ebml.headerLength + ebml.size;
  if (ebmlEnd > buf.length) throw incomplete('the end of the EBML header');
  const docType = findChild(buf, ebml.headerLength, ebmlEnd, Id.DocType);
  if (!docType || new TextDecoder().decode(buf.subarray(docType.dataStart, docType.dataEnd)).replace(/\0+$/, '') !== 'webm') {
    throw new EbmlError('not a WebM file (DocType is not "webm")');
  }

  const segmentHeader = readElementHeader(buf, ebmlEnd);
  if (!segmentHeader) throw incomplete('the Segment');
  if (segmentHeader.id !== Id.Segment) throw new EbmlError('no Segment after the EBML header');
  const segment = { ...segmentHeader, offset: ebmlEnd, dataStart: ebmlEnd + segmentHeader.headerLength };

  const children: HeadElement[] = [];
  let info: WebmHead['info'] | null = null;
  const tracks: TrackInfo[] = [];
  let at = segment.dataStart;
  let clusterReached = false;
  for (;;) {
    const header = readElementHeader(buf, at);
    if (!header) break;
    if (header.id === Id.Cluster) {
      clusterReached = true;
      break;
    }
    if (header.size === null || header.size > MAX_HEAD_CHILD) throw new EbmlError('a header element has no usable size');
    const dataStart = at + header.headerLength;
    const dataEnd = dataStart + header.size;
    if (dataEnd > buf.length) break;
    const child = { ...header, offset: at };
    children.push(child);
    if (header.id === Id.Info) info = { ...child, ...readInfo(buf, dataStart, dataEnd) };
    if (header.id === Id.Tracks) tracks.push(...readTracks(buf, dataStart, dataEnd));
    at = dataEnd;
  }
  if (!info || tracks.length === 0) {
    const missing = info ? 'Tracks' : 'Info';
    throw clusterReached ? new EbmlError(`no ${missing} before the first Cluster`) : incomplete(missing);
  }
  return { segment, children, info, tracks, end: at };
}

interface Found {
  id: number;
  dataStart: number;
  dataEnd: number;
}

/** The direct children of a master element's payload. */
function* childrenOf(buf: Uint8Array, start: number, end: number): Generator<Found> {
  let at = start;
  while (at < end) {
    const header = readElementHeader(buf, at);
    if (!header || header.size === null) throw new EbmlError(`a child element at byte ${at} has no usable size`);
    const dataStart = at + header.headerLength;
    const dataEnd = dataStart + header.size;
    if (dataEnd > end) throw new EbmlError(`a child element at byte ${at} runs past its parent`);
    yield { id: header.id, dataStart, dataEnd };
    at = dataEnd;
  }
}

function findChild(buf: Uint8Array, start: number, end: number, id: number): Found | null {
  for (const child of childrenOf(buf, start, end)) if (child.id === id) return child;
  return null;
}

function readInfo(buf: Uint8Array, start: number, end: number) {
  let timestampScale = 1_000_000;
  let duration: WebmHead['info']['duration'] = null;
  for (const child of childrenOf(buf, start, end)) {
    const length = child.dataEnd - child.dataStart;
    if (child.id === Id.TimestampScale) timestampScale = readUint(buf, child.dataStart, length);
    if (child.id === Id.Duration) duration = { offset: child.dataStart, length, value: readFloat(buf, child.dataStart, length) };
  }
  if (!(timestampScale > 0)) throw new EbmlError('TimestampScale must be positive');
  return { timestampScale, duration };
}

function readTracks(buf: Uint8Array, start: number, end: number): TrackInfo[] {
  const tracks: TrackInfo[] = [];
  for (const entry of childrenOf(buf, start, end)) {
    if (entry.id !== Id.TrackEntry) continue;
    let number = 0;
    let type = 0;
    for (const field of childrenOf(buf, entry.dataStart, entry.dataEnd)) {
      if (field.id === Id.TrackNumber) number = readUint(buf, field.dataStart, field.dataEnd - field.dataStart);
      if (field.id === Id.TrackType) type = readUint(buf, field.dataStart, field.dataEnd - field.dataStart);
    }
    if (number > 0) tracks.push({ number, type });
  }
  return tracks;
}
