/** MediaPipe's classic script (see selfie-segmentation-module.ts): what it defines, untyped. */
declare module '@mediapipe/selfie_segmentation/selfie_segmentation.js' {
  const definitions: Record<string, unknown>;
  export = definitions;
}
