import { signal, type ReadonlySignal } from '@preact/signals';

/**
 * One section's requests, one at a time: `busy` while one runs, and `problem`, what went wrong
 * with the last one (ApiClientError's message is in the page's language, the server's own words
 * on an English page).
 */
export function createActionRunner() {
  const busy = signal(false);
  const problem = signal<string | null>(null);
  return {
    busy: busy as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<string | null>,
    /** Runs `action` unless one is under way; its result, or undefined when it failed (then `problem` says why). */
    async run<T>(action: () => Promise<T>): Promise<T | undefined> {
      if (busy.value) return undefined;
      busy.value = true;
      problem.value = null;
      try {
        return await action();
      } catch (error) {
        problem.value = (error as Error).message;
        return undefined;
      } finally {
        busy.value = false;
      }
    },
  };
}
