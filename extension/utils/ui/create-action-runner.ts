import { signal } from '@preact/signals';

/** `busy` while an action runs, and the message of the last one that failed (for the extension's pages). */
export function createActionRunner() {
  const busy = signal(false);
  const error = signal<string | null>(null);

  async function run(action: () => Promise<void>): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      await action();
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, run };
}
