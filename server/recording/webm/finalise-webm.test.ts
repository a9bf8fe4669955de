import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeErrors, lastPacketEnd, probeMedia, requireFfprobe } from '../../../e2e/harness/ffprobe.ts';
import { EbmlError, EbmlIncompleteError, encodeSize, readElementHeader, voidElement } from './ebml.ts';
import { finaliseWebm } from './finalise-webm.ts';
import { prepareHead, SEEK_RESERVE } from './prepare-head.ts';
import { readHead } from './read-head.ts';

/** 3 s recorded by Chromium's MediaRecorder (VP8 320×180 with a keyframe a second, Opus), as it streams it: no Duration, no Cues. */
const RECORDED = readFileSync(new URL('../../../test/fixtures/chrome-vp8-opus-3s.webm', import.meta.url));
const RECORDED_MS = 3029; // the end of its last packet, as ffprobe reads it

/** Writes the recording as the server does: first chunk prepared, the rest appended; cut at `cut` bytes. */
async function asUploaded(cut = RECORDED.length, firstChunk = 4096): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'webm-')), 'rec.webm');
  await writeFile(file, Buffer.concat([prepareHead(RECORDED.subarray(0, firstChunk)), RECORDED.subarray(firstChunk, cut)]));
  return file;
}

describe('EBML element headers', () => {
  it.each([0, 1, 126, 127, 16_382, 16_383, 2 ** 21, 2 ** 40])('a size of %i reads back as written', (size) => {
    for (const bytes of [encodeSize(size, 8), encodeSize(size, Math.max(1, Math.ceil((Math.log2(size + 2) + 1) / 7)))]) {
      const header = readElementHeader(Uint8Array.from([0xec, ...bytes]), 0);
      expect(header).toEqual({ id: 0xec, size, headerLength: 1 + bytes.length, sizeLength: bytes.length });
    }
  });

  it('reads all value bits set as an unknown size, and says when bytes end too soon', () => {
    expect(readElementHeader(Uint8Array.from([0x1f, 0x43, 0xb6, 0x75, 0x01, 255, 255, 255, 255, 255, 255, 255]), 0)?.size).toBeNull();
    expect(readElementHeader(Uint8Array.from([0x1f, 0x43, 0xb6, 0x75, 0x01, 255]), 0)).toBeNull();
    expect(() => readElementHeader(Uint8Array.from([0x00, 0x81]), 0)).toThrow(EbmlError);
  });

  it.each([2, 3, 100, 128, 129, 5000])('a Void of %i bytes is exactly that long', (total) => {
    const bytes = voidElement(total);
    const header = readElementHeader(bytes, 0)!;
    expect(bytes.length).toBe(total);
    expect(header.headerLength + header.size!).toBe(total);
  });
});

describe('prepareHead (first chunk)', () => {
  it('adds a zero Duration to Info and reserves room for a SeekHead, keeping every other byte', () => {
    const chunk = RECORDED.subarray(0, 4096);
    const before = readHead(chunk);
    expect(before.info.duration).toBeNull();
    const prepared = prepareHead(chunk);
    const after = readHead(prepared);
    expect(after.info.duration?.value).toBe(0);
    expect(after.children[0]).toMatchObject({ id: 0xec, offset: after.segment.dataStart });
    expect(after.children[0]!.headerLength + after.children[0]!.size!).toBe(SEEK_RESERVE);
    expect(prepared.length).toBe(chunk.length + SEEK_RESERVE + 11);
    // Clusters follow untouched.
    expect(Buffer.from(prepared.subarray(after.end)).equals(chunk.subarray(before.end))).toBe(true);
  });

  it.each([
    ['random bytes', Buffer.from('not a webm file at all, just text')],
    ['one wrong byte', Buffer.from([0x1a, 0x46])],
    ['a Matroska (not WebM) DocType', Buffer.from(RECORDED.subarray(0, 4096)).fill(0x78, 0x1b, 0x1f)],
    ['a Cluster before Info', Buffer.concat([RECORDED.subarray(0, 48), RECORDED.subarray(207, 4096)])],
  ])('refuses %s', (_name, bytes) => {
    expect(() => prepareHead(bytes)).toThrow(EbmlError);
    expect(() => prepareHead(bytes)).not.toThrow(EbmlIncompleteError);
  });

  it('asks for more while the bytes hold only the start of the head (a recorder may cut its first chunk anywhere)', () => {
    const headEnd = readHead(RECORDED.subarray(0, 4096)).end;
    for (let cut = 0; cut < headEnd; cut++)
      expect(() => prepareHead(RECORDED.subarray(0, cut)), `cut at ${cut}`).toThrow(EbmlIncompleteError);
    expect(() => prepareHead(RECORDED.subarray(0, headEnd))).not.toThrow();
  });
});

describe('finaliseWebm', () => {
  it('writes the duration measured from the blocks, cues for every keyframe, and stays valid when run again', async () => {
    const file = await asUploaded();
    const first = await finaliseWebm(file);
    expect(first.durationMs).toBeGreaterThan(RECORDED_MS - 40);
    expect(first.durationMs).toBeLessThan(RECORDED_MS + 40);
    expect(first.droppedBytes).toBe(0);
    expect(first.cuePoints).toBe(3);
    const bytes = await readFile(file);
    const again = await finaliseWebm(file);
    expect(again).toMatchObject({ durationMs: first.durationMs, size: first.size, cuePoints: 3 });
    expect((await readFile(file)).equals(bytes)).toBe(true);
  });

  it.each([5_000, 12_345, 30_001, 45_678, RECORDED.length - 3])(
    'a recording cut at byte %i (a closed tab) becomes a shorter complete file',
    async (cut) => {
      const file = await asUploaded(cut);
      const done = await finaliseWebm(file);
      expect(done.size).toBeLessThanOrEqual(cut + SEEK_RESERVE + 11 + 64);
      expect(done.durationMs).toBeGreaterThan(0);
      expect(done.durationMs).toBeLessThan(RECORDED_MS * (cut / RECORDED.length) + 700);
    },
  );

  it('throws for a file that is not WebM', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'webm-')), 'bad.webm');
    await writeFile(file, 'hello');
    await expect(finaliseWebm(file)).rejects.toThrow(EbmlError);
  });
});

describe('finalised files as ffprobe/ffmpeg read them', () => {
  beforeAll(requireFfprobe);
  it('has one VP8 and one Opus stream, a duration within 40 ms of the media, and decodes cleanly', async () => {
    const file = await asUploaded();
    await finaliseWebm(file);
    const probed = await probeMedia(file);
    expect(probed.streams.map((s) => `${s.codec_type}:${s.codec_name}`)).toEqual(['video:vp8', 'audio:opus']);
    expect(Math.abs(probed.duration - (await lastPacketEnd(file)))).toBeLessThan(0.04);
    expect(await decodeErrors(file)).toBe('');
  });

  it.each([12_345, 45_678])('cut at byte %i: a playable file whose duration is what it holds', async (cut) => {
    const file = await asUploaded(cut);
    await finaliseWebm(file);
    const probed = await probeMedia(file);
    expect(probed.streams).toHaveLength(2);
    expect(Math.abs(probed.duration - (await lastPacketEnd(file)))).toBeLessThan(0.04);
    expect(await decodeErrors(file)).toBe('');
  });
});
