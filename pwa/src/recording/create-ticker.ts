/** Calls `onTick` every `intervalMs`, from a worker's timer when the browser allows one (see ticker.worker.ts). */
export function createTicker(intervalMs: number, onTick: () => void): { dispose(): void } {
  try {
    const worker = new Worker(new URL('./ticker.worker.ts', import.meta.url), { type: 'module', name: 'recording-ticker' });
    worker.onmessage = () => onTick();
    worker.postMessage({ intervalMs });
    return { dispose: () => worker.terminate() };
  } catch {
    const timer = setInterval(onTick, intervalMs);
    return { dispose: () => clearInterval(timer) };
  }
}
