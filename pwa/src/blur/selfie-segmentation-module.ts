/**
 * `@mediapipe/selfie_segmentation` is a classic script, not a module: it puts
 * `SelfieSegmentation` on `this || self`. Depending on how the bundler wraps it, that is the
 * module's `exports` (CommonJS wrapper) or the global object. body-segmentation imports it by name,
 * so the build points that import here (pwa/vite.config.ts) and this hands out what it defined.
 */
import * as solution from '@mediapipe/selfie_segmentation/selfie_segmentation.js';

type Exports = { SelfieSegmentation?: unknown; VERSION?: string; default?: Exports };
const fromModule = solution as unknown as Exports;
const defined = (name: keyof Exports) => fromModule[name] ?? fromModule.default?.[name] ?? (globalThis as unknown as Exports)[name];

export const SelfieSegmentation = defined('SelfieSegmentation');
export const VERSION = defined('VERSION');
