/**
 * A node's drain (SIGTERM in a cluster): it stays fully working while the proxy learns, from
 * `/api/health` answering 503, to send its meetings elsewhere; then its pages are moved (their
 * sockets closed with 1012, and they reconnect at once, landing on the meeting's new node); then
 * it exits. A rolling upgrade of every node drops no call.
 *
 * How long to wait for the proxy: until it has seen `checks` health checks answered "draining"
 * (HAProxy marks a server down after `fall` failed checks, 3 in deploy/haproxy.cfg), but never
 * longer than `maxWaitMs` (a node no proxy checks, or several proxies).
 */
export interface DrainOptions {
  checks: number;
  maxWaitMs: number;
}

export function createDrainState() {
  let draining = false;
  let answered = 0;
  const waiters = new Set<{ checks: number; done: () => void }>();

  return {
    get draining() {
      return draining;
    },
    /** Health checks answered "draining" so far. */
    get checksAnswered() {
      return answered;
    },
    start() {
      draining = true;
    },
    /** The health route answered a check while draining. */
    answeredCheck() {
      if (!draining) return;
      answered++;
      for (const w of [...waiters]) if (answered >= w.checks) w.done();
    },
    /** Resolves once the proxy has had time to take this node out: `checks` checks seen, or `maxWaitMs` passed. */
    untilProxyMovedOn({ checks, maxWaitMs }: DrainOptions): Promise<'checks' | 'timeout'> {
      if (answered >= checks) return Promise.resolve('checks');
      return new Promise((resolve) => {
        const waiter = {
          checks,
          done: () => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve('checks');
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          resolve('timeout');
        }, maxWaitMs);
        waiters.add(waiter);
      });
    },
  };
}

export type DrainState = ReturnType<typeof createDrainState>;
