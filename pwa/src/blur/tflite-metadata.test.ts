import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deref, fieldPos } from './flatbuffer-writer.ts';
import { buildImageModelMetadata, withModelMetadata } from './tflite-metadata.ts';

const require = createRequire(import.meta.url);
const modelPath = path.join(path.dirname(require.resolve('@mediapipe/selfie_segmentation')), 'selfie_segmentation_landscape.tflite');

const text = (bytes: Uint8Array, from: number, to: number) => new TextDecoder().decode(bytes.subarray(from, to));
const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
function readString(view: DataView, pos: number): string {
  const at = deref(view, pos);
  return new TextDecoder().decode(new Uint8Array(view.buffer, view.byteOffset + at + 4, view.getUint32(at, true)));
}
/** The `index`-th table of the vector in field `field` of `table`. */
function vectorItem(view: DataView, table: number, field: number, index: number): number {
  const vector = deref(view, fieldPos(view, table, field)!);
  return deref(view, vector + 4 + 4 * index);
}
const vectorLength = (view: DataView, table: number, field: number) => view.getUint32(deref(view, fieldPos(view, table, field)!), true);

describe('withModelMetadata on the shipped selfie model', async () => {
  const original = new Uint8Array(await readFile(modelPath));
  const metadata = buildImageModelMetadata('selfie_segmentation', { mean: [0, 0, 0], std: [255, 255, 255] });
  const patched = withModelMetadata(original, metadata);
  const before = viewOf(original);
  const after = viewOf(patched);
  const oldRoot = deref(before, 0);
  const newRoot = deref(after, 0);
  const base = patched.length - original.length;

  it('keeps the original bytes, 16-byte aligned, behind a new root', () => {
    expect(text(patched, 4, 8)).toBe('TFL3');
    expect(base % 16).toBe(0);
    expect(Buffer.from(patched.subarray(base)).equals(Buffer.from(original))).toBe(true);
  });

  it('points the new root at the original operators, subgraphs and version', () => {
    for (const field of [1, 2, 3]) {
      expect(deref(after, fieldPos(after, newRoot, field)!)).toBe(base + deref(before, fieldPos(before, oldRoot, field)!));
    }
    expect(after.getUint32(fieldPos(after, newRoot, 0)!, true)).toBe(before.getUint32(fieldPos(before, oldRoot, 0)!, true));
  });

  it('adds one buffer holding the metadata, named TFLITE_METADATA', () => {
    const count = vectorLength(before, oldRoot, 4);
    expect(vectorLength(after, newRoot, 4)).toBe(count + 1);
    expect(vectorItem(after, newRoot, 4, 0)).toBe(base + vectorItem(before, oldRoot, 4, 0));
    const entry = vectorItem(after, newRoot, 6, 0);
    expect(readString(after, fieldPos(after, entry, 0)!)).toBe('TFLITE_METADATA');
    expect(after.getUint32(fieldPos(after, entry, 1)!, true)).toBe(count);
    const data = deref(after, fieldPos(after, vectorItem(after, newRoot, 4, count), 0)!);
    expect((data + 4) % 16).toBe(0);
    expect(after.getUint32(data, true)).toBe(metadata.length);
    expect(text(patched, data + 8, data + 12)).toBe('M001');
  });

  it('describes the input normalisation', () => {
    const m = viewOf(metadata);
    const root = deref(m, 0);
    expect(readString(m, fieldPos(m, root, 0)!)).toBe('selfie_segmentation');
    const subgraph = vectorItem(m, root, 3, 0);
    const input = vectorItem(m, subgraph, 2, 0);
    const unit = vectorItem(m, input, 4, 0);
    expect(m.getUint8(fieldPos(m, unit, 0)!)).toBe(1); // NormalizationOptions
    const options = deref(m, fieldPos(m, unit, 1)!);
    const std = deref(m, fieldPos(m, options, 1)!);
    expect([0, 1, 2].map((i) => m.getFloat32(std + 4 + 4 * i, true))).toEqual([255, 255, 255]);
  });

  it('refuses what is not a TFLite model, or already has metadata', () => {
    expect(() => withModelMetadata(new Uint8Array(16), metadata)).toThrow(/not a TFLite model/);
    expect(() => withModelMetadata(patched, metadata)).toThrow(/already has metadata/);
  });
});
