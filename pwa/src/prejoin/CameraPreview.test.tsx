// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalMedia } from '../media/local-media.ts';
import { CameraPreview } from './CameraPreview.tsx';

/** The part of LocalMedia the preview reads. */
function fakeMedia() {
  const previewStream = signal<MediaStream | null>(null);
  const videoMuted = signal(false);
  const starting = signal(true);
  return { media: { previewStream, videoMuted, starting } as unknown as LocalMedia, previewStream, videoMuted, starting };
}

const stream = () => new MediaStream();
/** The camera is up: its preview stream is there and it is no longer starting. */
function cameraStarts(m: ReturnType<typeof fakeMedia>) {
  act(() => {
    m.previewStream.value = stream();
    m.starting.value = false;
  });
}
const video = () => document.querySelector('.preview video');
const label = () => document.querySelector('.preview__label')?.textContent ?? null;

describe('CameraPreview', () => {
  afterEach(() => render(null, document.body));

  it('shows the camera once it starts, and why there is none before', () => {
    const m = fakeMedia();
    act(() => render(<CameraPreview media={m.media} />, document.body));
    expect(video()).toBeNull();
    expect(label()).toBe('Starting camera…');
    cameraStarts(m);
    expect(video()).not.toBeNull();
    expect(label()).toBeNull();
    act(() => {
      m.videoMuted.value = true;
    });
    expect(label()).toBe('Camera is off');
  });

  it('a camera that starts while held gets no video element until the hold ends', () => {
    const m = fakeMedia();
    const held = signal(true);
    act(() => render(<CameraPreview media={m.media} heldBy={held} />, document.body));
    cameraStarts(m);
    expect(video()).toBeNull();
    // To the person, the camera is still starting, not off.
    expect(label()).toBe('Starting camera…');
    expect(document.querySelector('.preview--off')).not.toBeNull();
    act(() => {
      held.value = false;
    });
    expect(video()).not.toBeNull();
    expect(label()).toBeNull();
  });

  it('a video already shown stays when the hold begins', () => {
    const m = fakeMedia();
    const held = signal(false);
    act(() => render(<CameraPreview media={m.media} heldBy={held} />, document.body));
    cameraStarts(m);
    const shown = video();
    expect(shown).not.toBeNull();
    act(() => {
      held.value = true;
    });
    expect(video()).toBe(shown);
    expect(label()).toBeNull();
  });
});
