import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { createViewState } from './create-view-state.ts';

function setup(ids = ['me', 'a', 'b']) {
  const inputs = {
    selfId: signal<string | null>('me'),
    participantIds: signal(ids),
    remoteSharer: signal<string | null>(null),
    activeSpeaker: signal<string | null>(null),
  };
  const store = new Map<string, string>();
  const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as Storage;
  return { inputs, storage, view: createViewState('m1', inputs, storage) };
}

describe('view state', () => {
  it.each([
    ['nobody speaks: the first other person', null, null, null, { kind: 'camera', participantId: 'a' }],
    ['someone speaks', 'b', null, null, { kind: 'camera', participantId: 'b' }],
    ['I speak: not myself', 'me', null, null, { kind: 'camera', participantId: 'a' }],
    ['a pin beats the speaker', 'b', 'a', null, { kind: 'camera', participantId: 'a' }],
    ['a shared screen beats everything', 'b', 'a', 'b', { kind: 'screen', participantId: 'b' }],
  ])('stage: %s', (_name, speaker, pin, sharer, expected) => {
    const { inputs, view } = setup();
    inputs.activeSpeaker.value = speaker;
    inputs.remoteSharer.value = sharer;
    if (pin) view.togglePin(pin);
    expect(view.stage.value).toEqual(expected);
  });

  it('switches to focus while a screen is shared, and back to the chosen view after', () => {
    const { inputs, view } = setup();
    expect(view.mode.value).toBe('grid');
    inputs.remoteSharer.value = 'a';
    expect(view.mode.value).toBe('focus');
    view.setMode('grid');
    expect(view.mode.value).toBe('grid');
    inputs.remoteSharer.value = null;
    view.shareEnded();
    expect(view.mode.value).toBe('grid');
  });

  it('keeps the chosen view for the call', () => {
    const { inputs, storage, view } = setup();
    view.setMode('focus');
    const again = createViewState('m1', inputs, storage);
    expect(again.mode.value).toBe('focus');
  });

  it('unpins on a second pin', () => {
    const { view } = setup();
    view.togglePin('b');
    expect(view.pinned.value).toBe('b');
    view.togglePin('b');
    expect(view.pinned.value).toBeNull();
  });
});
