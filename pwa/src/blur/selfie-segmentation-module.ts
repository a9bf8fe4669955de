/**
 * `@mediapipe/selfie_segmentation` is a classic script, not a module: it puts
 * `SelfieSegmentation` on `this || self`. Bundled as a module (`this` is undefined there), that is
 * the global object. body-segmentation imports it by name, so the build points that import here
 * (pwa/vite.config.ts): run the script, then hand out what it defined.
 */
import '@mediapipe/selfie_segmentation/selfie_segmentation.js';

export const SelfieSegmentation = (globalThis as unknown as { SelfieSegmentation: unknown }).SelfieSegmentation;
export const VERSION = (globalThis as unknown as { VERSION?: string }).VERSION;
