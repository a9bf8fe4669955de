import { t } from '../i18n/i18n.ts';
import { signal, type ReadonlySignal } from '@preact/signals';
import { SessionListSchema, type SessionInfo } from '../../../shared/api/auth.ts';
import { apiRequest, ApiClientError } from '../api/api-client.ts';
import type { SessionState } from './create-session-state.ts';
import '../i18n/later-texts.ts';

/**
 * The account page's "Where you are signed in": the account's live sessions (newest first, this
 * browser's marked) and *Sign out everywhere*, which ends them all, this one included.
 */
export function createSignInsState(session: Pick<SessionState, 'signOutEverywhere'>) {
  const sessions = signal<SessionInfo[] | null>(null);
  const problem = signal<string | null>(null);
  const busy = signal(false);
  const say = (e: unknown) => (e instanceof ApiClientError && e.status === 0 ? t('signIns.unreachable') : t('signIns.failed'));

  return {
    sessions: sessions as ReadonlySignal<SessionInfo[] | null>,
    problem: problem as ReadonlySignal<string | null>,
    busy: busy as ReadonlySignal<boolean>,
    async load(): Promise<void> {
      try {
        sessions.value = (await apiRequest('GET', '/api/auth/sessions', SessionListSchema)).sessions;
        problem.value = null;
      } catch (e) {
        problem.value = say(e);
      }
    },
    async signOutEverywhere(): Promise<void> {
      if (busy.value) return;
      busy.value = true;
      try {
        await session.signOutEverywhere();
        sessions.value = [];
        problem.value = null;
      } catch (e) {
        problem.value = say(e);
      } finally {
        busy.value = false;
      }
    },
  };
}

export type SignInsState = ReturnType<typeof createSignInsState>;
