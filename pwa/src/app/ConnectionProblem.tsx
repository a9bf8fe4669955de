import { Notice } from '../ui/Notice.tsx';
import type { RetryingLoad } from './create-retrying-load.ts';

export interface ConnectionProblemProps {
  /** The browser says it has no network (navigator.onLine is false). Otherwise it is online and our server does not answer. */
  offline: boolean;
  /** The load that got no answer: it keeps trying by itself; Try again calls `retryNow`. */
  load: RetryingLoad<unknown, unknown>;
  /** What comes when the server answers: "The meeting opens", "This page loads". */
  whatOpens?: string;
}

/**
 * A page could not be opened because nothing answered. Says which of the two it is:
 * this device is offline, or it is online and the server cannot be reached (down or
 * restarting: no Wi-Fi advice for that). The page keeps trying by itself; Try again tries now.
 */
export function ConnectionProblem({ offline, load, whatOpens = 'The meeting opens' }: ConnectionProblemProps) {
  const current = load.state.value;
  if (current.state !== 'unreachable') return null;
  return (
    <Notice title={offline ? 'You are offline' : 'The server cannot be reached'} tone="error">
      <p>
        {offline
          ? `${whatOpens} as soon as your connection is back. Check your Wi-Fi or mobile data.`
          : `Your device is online, but the meeting server does not answer. It may be restarting or down for a moment. ${whatOpens} by itself as soon as it answers again.`}
      </p>
      <p
        data-testid="connection-problem"
        data-problem={offline ? 'offline' : 'server-unreachable'}
        data-next-retry-at={current.nextRetryAt}
      >
        <button type="button" class="button button--primary" data-action="retry-connection" onClick={load.retryNow}>
          Try again
        </button>{' '}
        {current.retrying && <span class="muted">Trying again…</span>}
      </p>
    </Notice>
  );
}
