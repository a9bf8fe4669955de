import { signal, type ReadonlySignal } from '@preact/signals';

/** Full screen for the room (Fullscreen API); the state follows Esc and the browser's own exit. */
export function createFullscreen(doc: Document = document) {
  const active = signal(Boolean(doc.fullscreenElement));
  const onChange = () => (active.value = Boolean(doc.fullscreenElement));
  doc.addEventListener('fullscreenchange', onChange);
  return {
    active: active as ReadonlySignal<boolean>,
    supported: Boolean(doc.fullscreenEnabled),
    async toggle(element: Element = doc.documentElement) {
      try {
        if (doc.fullscreenElement) await doc.exitFullscreen();
        else await element.requestFullscreen({ navigationUI: 'hide' });
      } catch {
        /* refused (no user gesture, or not allowed in a frame): nothing changes */
      }
      onChange();
    },
    dispose: () => doc.removeEventListener('fullscreenchange', onChange),
  };
}

export type Fullscreen = ReturnType<typeof createFullscreen>;
