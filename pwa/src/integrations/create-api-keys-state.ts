import { signal, type ReadonlySignal } from '@preact/signals';
import {
  ApiKeyListSchema,
  CreatedApiKeySchema,
  type ApiKey,
  type CreateApiKeyBody,
  type CreatedApiKey,
} from '../../../shared/api/api-keys.ts';
import { apiRequest } from '../api/api-client.ts';
import { createShownOnce } from './create-shown-once.ts';
import { createActionRunner } from './run-action.ts';

/** The signed-in user's keys; operators' keys for the whole server are at `/api/admin/api-keys`. */
export const ACCOUNT_API_KEYS = '/api/auth/api-keys';
export const SERVER_API_KEYS = '/api/admin/api-keys';

/**
 * API keys for the public API, at `base` (an account's or the server's): the list, making one
 * (its key is shown once, until dismissed, with Copy), and revoking. `request` and `copy` are the
 * API client and the clipboard (tests give fakes).
 */
export function createApiKeysState({
  base = ACCOUNT_API_KEYS,
  request = apiRequest,
  copy,
}: {
  base?: string;
  request?: typeof apiRequest;
  copy: (text: string) => Promise<boolean>;
}) {
  const keys = signal<ApiKey[] | null>(null);
  const created = createShownOnce<CreatedApiKey>(copy, (c) => c.key);
  const runner = createActionRunner();

  const reload = async () => void (keys.value = (await request('GET', base, ApiKeyListSchema)).keys);

  return {
    base,
    keys: keys as ReadonlySignal<ApiKey[] | null>,
    /** The key just made, with the key itself: shown this once. */
    created,
    busy: runner.busy,
    problem: runner.problem,
    load: () => runner.run(reload),
    /** True when the key was made. */
    create: async (body: CreateApiKeyBody): Promise<boolean> =>
      (await runner.run(async () => {
        created.show(await request('POST', base, CreatedApiKeySchema, { body }));
        await reload();
        return true;
      })) ?? false,
    revoke: (id: string) =>
      runner.run(async () => {
        await request('DELETE', `${base}/${encodeURIComponent(id)}`);
        await reload();
      }),
  };
}

export type ApiKeysState = ReturnType<typeof createApiKeysState>;
