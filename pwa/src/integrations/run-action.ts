import { signal, type ReadonlySignal } from '@preact/signals';
import { ApiClientError } from '../api/api-client.ts';

/**
 * What went wrong, for the reader: the API client's text in the page's language and, where that is
 * not already the server's own words, what the server said about the request (e.g. which field is
 * wrong: the people using this section are setting up an integration and need the detail).
 */
export function problemText(error: unknown): string {
  if (!(error instanceof ApiClientError)) return (error as Error).message;
  const detail =
    error.status >= 400 && error.status < 500 && error.code !== 'http' && error.serverMessage && error.serverMessage !== error.message;
  return detail ? `${error.message} (${error.serverMessage})` : error.message;
}

/**
 * One section's requests, one at a time: `busy` while one runs, and `problem`, what went wrong
 * with the last one (problemText).
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
        problem.value = problemText(error);
        return undefined;
      } finally {
        busy.value = false;
      }
    },
  };
}
