import { BLUR_RUNTIMES, type BlurRuntime, type RuntimeRequest } from './blur-protocol.ts';

export type RuntimeChoice =
  | { runtime: BlurRuntime; reason: 'forced' | 'remembered' | 'no-gpu' | 'only-one' }
  /** Both could run and the device is unknown: time each on real frames, keep the faster. */
  | { probe: BlurRuntime[] };

export interface RuntimeFacts {
  /** A runtime asked for explicitly (dev override), if any. */
  forced?: RuntimeRequest | null;
  /** What an earlier probe on this device chose. */
  remembered?: BlurRuntime | null;
  /** The unmasked WebGL renderer, or null without WebGL2. */
  webglRenderer: string | null;
  /** The runtimes this browser can run at all. */
  available: readonly BlurRuntime[];
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

/** Picks the segmentation runtime for this device, or says that both must be timed. */
export function chooseRuntime({ forced, remembered, webglRenderer, available }: RuntimeFacts): RuntimeChoice {
  const usable = BLUR_RUNTIMES.filter((r) => available.includes(r));
  if (usable.length === 0) throw new Error('background blur is not supported in this browser');
  if (forced === 'probe' && usable.length > 1) return { probe: usable };
  if (forced && forced !== 'probe' && usable.includes(forced)) return { runtime: forced, reason: 'forced' };
  if (remembered && usable.includes(remembered)) return { runtime: remembered, reason: 'remembered' };
  if (usable.length === 1) return { runtime: usable[0]!, reason: 'only-one' };
  // WebGL without a GPU (SwiftShader, llvmpipe) is far slower than WASM SIMD on the CPU.
  if (webglRenderer === null || isSoftwareRenderer(webglRenderer)) return { runtime: 'cpu', reason: 'no-gpu' };
  return { probe: usable };
}

/** The runtime whose median time per segmentation is lowest; runtimes without samples lose. */
export function pickFaster(samples: Partial<Record<BlurRuntime, number[]>>): BlurRuntime {
  let best: BlurRuntime | null = null;
  let bestMs = Infinity;
  for (const runtime of BLUR_RUNTIMES) {
    const ms = median(samples[runtime] ?? []);
    if (ms < bestMs) [best, bestMs] = [runtime, ms];
  }
  if (!best) throw new Error('no runtime produced a mask');
  return best;
}

function median(values: number[]): number {
  if (values.length === 0) return Infinity;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Identifies the device for remembering the probe's winner. */
export function deviceKey(renderer: string | null, cores: number, userAgent: string): string {
  const browser = /(Chrome|Firefox|Safari)\/(\d+)/.exec(userAgent)?.slice(1).join('/') ?? 'other';
  return `${renderer ?? 'no-webgl'}|${cores}|${browser}`;
}
