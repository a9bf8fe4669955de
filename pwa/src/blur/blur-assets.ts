/**
 * The model and wasm files blur needs. They come from npm packages and are copied into the
 * build under /blur/ (see vite-plugin-blur-assets.ts), so the browser fetches them from our
 * own origin, and only once blur is first turned on.
 */
export const BLUR_ASSET_DIR = 'blur';

/** `@mediapipe/selfie_segmentation`: the models, and the solution body-segmentation drives (WebGL). */
export const SELFIE_SEGMENTATION_FILES = [
  'selfie_segmentation.binarypb',
  'selfie_segmentation.tflite',
  'selfie_segmentation_landscape.tflite',
  'selfie_segmentation_solution_simd_wasm_bin.data',
  'selfie_segmentation_solution_simd_wasm_bin.js',
  'selfie_segmentation_solution_simd_wasm_bin.wasm',
  'selfie_segmentation_solution_wasm_bin.js',
  'selfie_segmentation_solution_wasm_bin.wasm',
] as const;

/** `@mediapipe/tasks-vision`: the WASM SIMD runtime (ES module build, for a module worker). */
export const TASKS_VISION_FILES = ['vision_wasm_module_internal.js', 'vision_wasm_module_internal.wasm'] as const;

/** The model both runtimes run: the landscape selfie model (144×256 input), the faster of the two. */
export const MODEL_FILE = 'selfie_segmentation_landscape.tflite';
export const MASK_WIDTH = 256;
export const MASK_HEIGHT = 144;

/** Absolute URL of a blur asset on this origin. */
export function blurAssetUrl(file: string, origin: string = location.origin): string {
  return new URL(`/${BLUR_ASSET_DIR}/${file}`, origin).href;
}
