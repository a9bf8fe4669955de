import { deref, fieldPos, ForwardWriter, type FbNode, type Field } from './flatbuffer-writer.ts';

/**
 * MediaPipe Tasks (our WASM SIMD runtime) only runs a float model whose input tensor carries
 * TFLite metadata saying how to normalise pixels. The selfie segmentation models shipped in
 * `@mediapipe/selfie_segmentation` predate that metadata, so we add it in the browser: a new
 * root `Model` table is written in front of the untouched original bytes, pointing into them,
 * with one more buffer holding a `ModelMetadata` ("M001") flatbuffer. The weights are the same.
 */

const MODEL_IDENTIFIER = 'TFL3';
const METADATA_IDENTIFIER = 'M001';
/** tflite schema: Model fields. */
const MODEL_FIELDS = 8; // version, operator_codes, subgraphs, description, buffers, metadata_buffer, metadata, signature_defs
const BUFFERS = 4;
const METADATA = 6;
/** metadata_schema enums. */
const CONTENT_IMAGE_PROPERTIES = 2;
const COLOR_SPACE_RGB = 1;
const COLOR_SPACE_GRAYSCALE = 2;
const PROCESS_NORMALIZATION = 1;

export interface ImageInputMetadata {
  /** Per-channel mean and std: the model sees `(pixel - mean) / std`. */
  mean: number[];
  std: number[];
}

/** The `ModelMetadata` flatbuffer for a one-image-in, one-mask-out model. */
export function buildImageModelMetadata(name: string, input: ImageInputMetadata): Uint8Array {
  const imageContent = (colorSpace: number): FbNode => ({
    table: [{ u8: CONTENT_IMAGE_PROPERTIES }, { ref: { table: [{ u8: colorSpace }] } }],
  });
  const inputTensor: FbNode = {
    table: [
      { ref: { string: 'image' } },
      undefined,
      undefined,
      { ref: imageContent(COLOR_SPACE_RGB) },
      {
        ref: {
          vector: [
            {
              table: [{ u8: PROCESS_NORMALIZATION }, { ref: { table: [{ ref: { floats: input.mean } }, { ref: { floats: input.std } }] } }],
            },
          ],
        },
      },
    ],
  };
  const outputTensor: FbNode = {
    table: [{ ref: { string: 'segmentation' } }, undefined, undefined, { ref: imageContent(COLOR_SPACE_GRAYSCALE) }],
  };
  const subgraph: FbNode = { table: [undefined, undefined, { ref: { vector: [inputTensor] } }, { ref: { vector: [outputTensor] } }] };
  const metadata: FbNode = {
    table: [
      { ref: { string: name } },
      undefined,
      undefined,
      { ref: { vector: [subgraph] } },
      undefined,
      undefined,
      undefined,
      { ref: { string: '1.0.0' } },
    ],
  };
  const w = new ForwardWriter();
  w.u32(0); // root offset, set below
  w.raw(new TextEncoder().encode(METADATA_IDENTIFIER));
  w.link(0, w.write(metadata));
  return w.bytes();
}

/** Returns a copy of the TFLite model `model` with `metadata` attached as "TFLITE_METADATA". */
export function withModelMetadata(model: Uint8Array, metadata: Uint8Array): Uint8Array {
  const view = new DataView(model.buffer, model.byteOffset, model.byteLength);
  if (new TextDecoder().decode(model.subarray(4, 8)) !== MODEL_IDENTIFIER) throw new Error('not a TFLite model');
  const root = deref(view, 0);
  if (fieldPos(view, root, METADATA) !== null) throw new Error('the model already has metadata');

  // Where the original bytes will start in the output: after a prefix we only know once written.
  // Write the prefix twice: first to learn its size, then with the final base.
  const build = (base: number) => {
    const at = (pos: number) => ({ at: base + pos });
    const buffersPos = fieldPos(view, root, BUFFERS);
    if (buffersPos === null) throw new Error('the model has no buffers');
    const buffersVec = deref(view, buffersPos);
    const count = view.getUint32(buffersVec, true);
    const oldBuffers = Array.from({ length: count }, (_, i) => at(deref(view, buffersVec + 4 + 4 * i)));
    const metadataBuffer: FbNode = { table: [{ ref: { bytes: metadata, align: 16 } }] };
    const fields = Array.from({ length: MODEL_FIELDS }, (_, i): Field => {
      if (i === BUFFERS) return { ref: { vector: [...oldBuffers, metadataBuffer] } };
      if (i === METADATA) return { ref: { vector: [{ table: [{ ref: { string: 'TFLITE_METADATA' } }, { u32: count }] }] } };
      const pos = fieldPos(view, root, i);
      if (pos === null) return undefined;
      return i === 0 ? { u32: view.getUint32(pos, true) } : at(deref(view, pos));
    });
    const w = new ForwardWriter();
    w.u32(0);
    w.raw(new TextEncoder().encode(MODEL_IDENTIFIER));
    w.link(0, w.write({ table: fields }));
    w.align(16);
    return w;
  };
  const sized = build(1 << 30).length;
  const prefix = build(sized);
  if (prefix.length !== sized) throw new Error('prefix size changed');
  const out = new Uint8Array(sized + model.length);
  out.set(prefix.bytes());
  out.set(model, sized);
  return out;
}
