import { signal } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import type { BlurProcessor } from './blur-processor.ts';
import { createBlurState } from './create-blur-state.ts';

const track = (id: string) => ({ id, kind: 'video' }) as MediaStreamTrack;

function setup(start?: (camera: MediaStreamTrack) => Promise<BlurProcessor>) {
  const videoTrack = signal<MediaStreamTrack | null>(track('camera-1'));
  const sent: (MediaStreamTrack | null)[] = [];
  const media = { videoTrack, setProcessedTrack: (_: 'video', t: MediaStreamTrack | null) => void sent.push(t) };
  const processors: (BlurProcessor & { dispose: ReturnType<typeof vi.fn>; failure: ReturnType<typeof signal<string | null>> })[] = [];
  const pending: { camera: MediaStreamTrack; resolve: () => void; reject: (e: Error) => void }[] = [];
  const defaultStart = (camera: MediaStreamTrack) =>
    new Promise<BlurProcessor>((resolve, reject) => {
      const processor = {
        track: track(`blurred-${camera.id}`),
        runtime: 'cpu' as const,
        stats: signal(null),
        failure: signal<string | null>(null),
        dispose: vi.fn(),
      };
      processors.push(processor);
      pending.push({ camera, resolve: () => resolve(processor), reject });
    });
  const blur = createBlurState(media, { start: start ?? defaultStart });
  const settle = async (i = pending.length - 1) => {
    pending[i]!.resolve();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { blur, videoTrack, sent, processors, pending, settle };
}

describe('createBlurState', () => {
  it('loads, then sends the blurred track; off restores the camera', async () => {
    const { blur, sent, processors, settle } = setup();
    blur.enable();
    expect(blur.status.value).toBe('loading');
    expect(sent).toEqual([]);
    await settle();
    expect(blur.status.value).toBe('on');
    expect(blur.runtime.value).toBe('cpu');
    expect(sent.at(-1)?.id).toBe('blurred-camera-1');
    blur.toggle();
    expect(blur.status.value).toBe('off');
    expect(sent.at(-1)).toBeNull();
    expect(processors[0]!.dispose).toHaveBeenCalled();
  });

  it('keeps the raw camera and says why when the model cannot load', async () => {
    const { blur, sent } = setup(() => Promise.reject(new Error('HTTP 404')));
    blur.enable();
    await vi.waitFor(() => expect(blur.status.value).toBe('error'));
    expect(blur.error.value).toMatch(/could not start \(HTTP 404\).*without blur/);
    expect(sent.filter(Boolean)).toEqual([]);
    blur.enable(); // may try again
    expect(blur.status.value).toBe('loading');
  });

  it('drops a pipeline that finishes loading after blur was turned off', async () => {
    const { blur, sent, processors, settle } = setup();
    blur.enable();
    blur.disable();
    await settle();
    expect(blur.status.value).toBe('off');
    expect(processors[0]!.dispose).toHaveBeenCalled();
    expect(sent.filter(Boolean)).toEqual([]);
  });

  it('restarts on a new camera and stops when the camera goes', async () => {
    const { blur, videoTrack, sent, processors, pending, settle } = setup();
    blur.enable();
    await settle();
    videoTrack.value = track('camera-2');
    expect(processors[0]!.dispose).toHaveBeenCalled();
    expect(pending.at(-1)!.camera.id).toBe('camera-2');
    await settle();
    expect(sent.at(-1)?.id).toBe('blurred-camera-2');
    videoTrack.value = null;
    expect(blur.status.value).toBe('off');
    expect(sent.at(-1)).toBeNull();
  });

  it('gives the camera back when the running pipeline breaks', async () => {
    const { blur, sent, processors, settle } = setup();
    blur.enable();
    await settle();
    processors[0]!.failure.value = 'worker crashed';
    expect(blur.status.value).toBe('error');
    expect(blur.error.value).toMatch(/stopped \(worker crashed\)/);
    expect(sent.at(-1)).toBeNull();
    expect(processors[0]!.dispose).toHaveBeenCalled();
  });

  it('needs a camera', () => {
    const { blur, videoTrack } = setup();
    videoTrack.value = null;
    blur.enable();
    expect(blur.status.value).toBe('error');
    expect(blur.error.value).toMatch(/camera/);
  });

  it('dispose stops everything', async () => {
    const { blur, videoTrack, processors, settle, pending } = setup();
    blur.enable();
    await settle();
    blur.dispose();
    expect(processors[0]!.dispose).toHaveBeenCalled();
    videoTrack.value = track('camera-2');
    expect(pending).toHaveLength(1);
  });
});
