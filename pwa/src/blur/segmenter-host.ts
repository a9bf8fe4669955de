import type { BlurRuntime, SegmenterCommand, SegmenterEvent } from './blur-protocol.ts';
import { blurAssetUrl, MODEL_FILE, TASKS_VISION_FILES } from './blur-assets.ts';

/** A loaded segmentation runtime; `connect` hands it a port to serve segment requests on. */
export interface SegmenterHost {
  runtime: BlurRuntime;
  connect(port: MessagePort): void;
  dispose(): void;
}

/** The CPU runtime in its own module worker; resolves once the model is loaded. */
export async function createCpuSegmenter(): Promise<SegmenterHost> {
  const worker = new Worker(new URL('./segmenter-cpu.worker.ts', import.meta.url), { type: 'module', name: 'blur-segmenter' });
  const send = (command: SegmenterCommand, transfer: Transferable[] = []) => worker.postMessage(command, transfer);
  try {
    await new Promise<void>((resolve, reject) => {
      worker.onmessage = ({ data }: MessageEvent<SegmenterEvent>) => (data.type === 'ready' ? resolve() : reject(new Error(data.message)));
      worker.onerror = (event) => reject(new Error(event.message || 'the segmenter worker failed to start'));
      const [loader, binary] = TASKS_VISION_FILES;
      send({
        type: 'init',
        wasmLoaderPath: blurAssetUrl(loader),
        wasmBinaryPath: blurAssetUrl(binary),
        modelUrl: blurAssetUrl(MODEL_FILE),
      });
    });
  } catch (error) {
    worker.terminate();
    throw error;
  }
  return {
    runtime: 'cpu',
    connect: (port) => send({ type: 'connect', port }, [port]),
    dispose: () => worker.terminate(),
  };
}
