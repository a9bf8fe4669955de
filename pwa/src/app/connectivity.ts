import { signal, type ReadonlySignal } from '@preact/signals';

/** Whether the browser believes it is online (with the `online`/`offline` events). */
export function createConnectivity(win: Window = window) {
  const online = signal(win.navigator.onLine);
  const update = () => (online.value = win.navigator.onLine);
  win.addEventListener('online', update);
  win.addEventListener('offline', update);
  return {
    online: online as ReadonlySignal<boolean>,
    dispose() {
      win.removeEventListener('online', update);
      win.removeEventListener('offline', update);
    },
  };
}

export type Connectivity = ReturnType<typeof createConnectivity>;
