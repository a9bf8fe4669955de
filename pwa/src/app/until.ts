import { effect, type ReadonlySignal } from '@preact/signals';

/** Resolves once `flag` is true (at once if it is), or after `ms` where one is given. */
export function until(flag: ReadonlySignal<boolean>, ms?: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = ms === undefined ? undefined : setTimeout(done, ms);
    const stop = effect(() => {
      if (flag.value) done();
    });
    function done() {
      clearTimeout(timer);
      queueMicrotask(() => stop());
      resolve();
    }
  });
}
