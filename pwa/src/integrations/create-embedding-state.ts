import { signal, type ReadonlySignal } from '@preact/signals';
import { EmbeddingSchema } from '../../../shared/api/embedding.ts';
import { apiRequest } from '../api/api-client.ts';
import { createActionRunner } from './run-action.ts';

export const ACCOUNT_EMBEDDING = '/api/auth/embedding';

/**
 * The sites that may show the account's meetings in a frame: the list, adding one (the server
 * checks it; its refusal is shown as it words it) and removing one. Each change puts the whole list.
 */
export function createEmbeddingState({ request = apiRequest }: { request?: typeof apiRequest } = {}) {
  const origins = signal<string[] | null>(null);
  const runner = createActionRunner();

  const put = (next: string[]) =>
    runner.run(async () => {
      origins.value = (await request('PUT', ACCOUNT_EMBEDDING, EmbeddingSchema, { body: { origins: next } })).origins;
      return true;
    });

  return {
    origins: origins as ReadonlySignal<string[] | null>,
    busy: runner.busy,
    problem: runner.problem,
    load: () => runner.run(async () => void (origins.value = (await request('GET', ACCOUNT_EMBEDDING, EmbeddingSchema)).origins)),
    /** True when the server took it. */
    add: async (origin: string): Promise<boolean> => (await put([...(origins.value ?? []), origin.trim()])) ?? false,
    remove: (origin: string) => put((origins.value ?? []).filter((o) => o !== origin)),
  };
}

export type EmbeddingState = ReturnType<typeof createEmbeddingState>;
