import { signal } from '@preact/signals';
import type { User } from '@shared/api/auth';
import { originPermissionPattern, parseServerOrigin } from '../api/server-origin.ts';
import type { sendMessage } from '../messaging/protocol.ts';
import { createActionRunner } from '../ui/create-action-runner.ts';

export interface OptionsDeps {
  send: typeof sendMessage;
  /**
   * Asks Chrome for access to the server (the user sees a prompt unless it is already granted).
   * Must run while the click that submitted the form still counts as a user gesture.
   */
  requestHostAccess(pattern: string): Promise<boolean>;
}

export interface SignInForm {
  serverAddress: string;
  email: string;
  password: string;
}

/** State and actions of the options page: the server address and the account. */
export function createOptionsState(deps: OptionsDeps) {
  const serverOrigin = signal('');
  const user = signal<User | null>(null);
  const loaded = signal(false);
  const { busy, error, run } = createActionRunner();

  return {
    serverOrigin,
    user,
    loaded,
    busy,
    error,

    async load() {
      const status = await deps.send('getAuthStatus');
      serverOrigin.value = status.serverOrigin;
      user.value = status.user;
      loaded.value = true;
    },

    signIn: (form: SignInForm) =>
      run(async () => {
        const parsed = parseServerOrigin(form.serverAddress);
        if (!parsed.ok) throw new Error(parsed.message);
        // First, before anything else is awaited: Chrome only shows its prompt during a user gesture.
        if (!(await deps.requestHostAccess(originPermissionPattern(parsed.origin)))) {
          throw new Error(`Chrome did not allow the extension to contact ${parsed.origin}, so it cannot sign you in there.`);
        }
        if (!form.email.trim() || !form.password) throw new Error('Enter your email and password.');
        user.value = await deps.send('signIn', { serverAddress: parsed.origin, email: form.email.trim(), password: form.password });
        serverOrigin.value = parsed.origin;
      }),

    signOut: () =>
      run(async () => {
        await deps.send('signOut');
        user.value = null;
      }),
  };
}

export type OptionsState = ReturnType<typeof createOptionsState>;
