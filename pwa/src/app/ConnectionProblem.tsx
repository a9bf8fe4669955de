import { t } from '../i18n/i18n.ts';
import { Notice } from '../ui/Notice.tsx';
import type { RetryingLoad } from './create-retrying-load.ts';

export interface ConnectionProblemProps {
  /** The browser says it has no network (navigator.onLine is false). Otherwise it is online and our server does not answer. */
  offline: boolean;
  /** The load that got no answer: it keeps trying by itself; Try again calls `retryNow`. */
  load: RetryingLoad<unknown, unknown>;
  /** What comes when the server answers: the meeting opens, or this page loads. */
  what?: 'meeting' | 'page';
}

/**
 * A page could not be opened because nothing answered. Says which of the two it is:
 * this device is offline, or it is online and the server cannot be reached (down or
 * restarting: no Wi-Fi advice for that). The page keeps trying by itself; Try again tries now.
 */
export function ConnectionProblem({ offline, load, what = 'meeting' }: ConnectionProblemProps) {
  const current = load.state.value;
  if (current.state !== 'unreachable') return null;
  return (
    <Notice title={offline ? t('app.offline') : t('app.unreachable')} tone="error">
      <p>{offline ? t(`app.offlineHint.${what}`) : t(`app.unreachableHint.${what}`)}</p>
      <p
        data-testid="connection-problem"
        data-problem={offline ? 'offline' : 'server-unreachable'}
        data-next-retry-at={current.nextRetryAt}
      >
        <button type="button" class="button button--primary" data-action="retry-connection" onClick={load.retryNow}>
          {t('common.tryAgain')}
        </button>{' '}
        {current.retrying && <span class="muted">{t('common.trying')}</span>}
      </p>
    </Notice>
  );
}
