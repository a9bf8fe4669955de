import { computed, signal, type ReadonlySignal } from '@preact/signals';

/**
 * Something the server gives once with a secret in it (a new API key, a new endpoint's signing
 * secret): held until dismissed, with Copy. `secretOf` picks the secret out of it.
 */
export function createShownOnce<T>(copy: (text: string) => Promise<boolean>, secretOf: (item: T) => string) {
  const item = signal<T | null>(null);
  const copied = signal(false);
  return {
    item: item as ReadonlySignal<T | null>,
    secret: computed(() => (item.value ? secretOf(item.value) : null)),
    copied: copied as ReadonlySignal<boolean>,
    show(next: T) {
      item.value = next;
      copied.value = false;
    },
    async copy(): Promise<void> {
      if (item.value) copied.value = await copy(secretOf(item.value));
    },
    /** Forgets it: it cannot be shown again. */
    dismiss() {
      item.value = null;
      copied.value = false;
    },
  };
}

export type ShownOnceState<T> = ReturnType<typeof createShownOnce<T>>;
