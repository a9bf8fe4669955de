import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRetryingLoad, retryDelayMs, type RetryHost } from './create-retrying-load.ts';

class NoAnswer extends Error {}
class Refused extends Error {}

/** A page without a DOM: its `online` and `visibilitychange` events are fired by the test. */
function fakeHost() {
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  const host: RetryHost = {
    addEventListener: (type, l) => win.addEventListener(type, l),
    removeEventListener: (type, l) => win.removeEventListener(type, l),
    setTimeout: (h, ms) => setTimeout(h, ms) as unknown as number,
    clearTimeout: (id) => clearTimeout(id),
    document: doc,
  };
  return {
    host,
    goOnline: () => win.dispatchEvent(new Event('online')),
    show: (state: DocumentVisibilityState) => {
      doc.visibilityState = state;
      doc.dispatchEvent(new Event('visibilitychange'));
    },
  };
}

/** A server that is down until `up()`; counts the requests it got. */
function fakeServer() {
  let upNow = false;
  let refuse = false;
  const server = {
    requests: 0,
    up: () => void (upNow = true),
    down: () => void (upNow = false),
    refuse: () => void (refuse = true),
    load: async () => {
      server.requests += 1;
      if (refuse) throw new Refused('403');
      if (!upNow) throw new NoAnswer('no answer');
      return 'meeting info';
    },
  };
  return server;
}

describe('createRetryingLoad', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  function setup() {
    const page = fakeHost();
    const server = fakeServer();
    const loader = createRetryingLoad(server.load, { isUnreachable: (e) => e instanceof NoAnswer, host: page.host });
    return { page, server, loader };
  }

  it.each([
    [1, 2_000],
    [2, 4_000],
    [3, 8_000],
    [4, 16_000],
    [5, 30_000],
    [12, 30_000],
  ])('after %i failures in a row waits %i ms', (failures, ms) => expect(retryDelayMs(failures)).toBe(ms));

  it('opens at once when the server answers', async () => {
    const { server, loader } = setup();
    server.up();
    loader.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(loader.state.value).toEqual({ state: 'ready', value: 'meeting info' });
  });

  it('keeps trying by itself with backoff while the server is down, and opens when it answers', async () => {
    const { server, loader } = setup();
    loader.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(loader.state.value).toMatchObject({ state: 'unreachable', failures: 1, nextRetryAt: 2_000, retrying: false });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(server.requests).toBe(2);
    expect(loader.state.value).toMatchObject({ state: 'unreachable', failures: 2, nextRetryAt: 6_000 });
    await vi.advanceTimersByTimeAsync(3_999);
    expect(server.requests).toBe(2);
    server.up();
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toBe(3);
    expect(loader.state.value).toEqual({ state: 'ready', value: 'meeting info' });
    // Nothing more is scheduled once it opened.
    await vi.advanceTimersByTimeAsync(120_000);
    expect(server.requests).toBe(3);
  });

  it('tries at once on Try again, and goes on with the schedule if that fails too', async () => {
    const { server, loader } = setup();
    loader.start();
    await vi.advanceTimersByTimeAsync(0);
    loader.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests).toBe(2);
    expect(loader.state.value).toMatchObject({ state: 'unreachable', failures: 2, nextRetryAt: 4_000 });
    server.up();
    loader.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(loader.state.value).toEqual({ state: 'ready', value: 'meeting info' });
  });

  it('shows that a try is under way, and never runs two at once', async () => {
    const page = fakeHost();
    let answer: (() => void) | null = null;
    let requests = 0;
    const loader = createRetryingLoad(
      () => {
        requests += 1;
        return requests === 1 ? Promise.reject(new NoAnswer()) : new Promise<string>((resolve) => (answer = () => resolve('info')));
      },
      { isUnreachable: (e) => e instanceof NoAnswer, host: page.host },
    );
    loader.start();
    await vi.advanceTimersByTimeAsync(0);
    loader.retryNow();
    loader.retryNow();
    page.goOnline();
    expect(requests).toBe(2);
    expect(loader.state.value).toMatchObject({ state: 'unreachable', retrying: true });
    answer!();
    await vi.advanceTimersByTimeAsync(0);
    expect(loader.state.value).toEqual({ state: 'ready', value: 'info' });
  });

  it('tries at once when the browser is back online, and starts the backoff over', async () => {
    const { page, server, loader } = setup();
    loader.start();
    await vi.advanceTimersByTimeAsync(2_000 + 4_000 + 8_000 + 16_000);
    expect(loader.state.value).toMatchObject({ state: 'unreachable', failures: 5 });
    // The `online` event can come before the network is usable: that try fails, the next comes 2 s later.
    page.goOnline();
    await vi.advanceTimersByTimeAsync(0);
    expect(loader.state.value).toMatchObject({ state: 'unreachable', failures: 1 });
    server.up();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(loader.state.value).toEqual({ state: 'ready', value: 'meeting info' });
  });

  it('tries at once when the page becomes visible again, not when it is hidden', async () => {
    const { page, server, loader } = setup();
    loader.start();
    await vi.advanceTimersByTimeAsync(0);
    page.show('hidden');
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests).toBe(1);
    server.up();
    page.show('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(loader.state.value).toEqual({ state: 'ready', value: 'meeting info' });
  });

  it('does not retry an answer that says no', async () => {
    const { page, server, loader } = setup();
    server.refuse();
    loader.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(loader.state.value).toMatchObject({ state: 'failed' });
    page.goOnline();
    loader.retryNow();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(server.requests).toBe(1);
  });

  it('stops trying when disposed (the page went elsewhere)', async () => {
    const { page, server, loader } = setup();
    loader.start();
    await vi.advanceTimersByTimeAsync(0);
    loader.dispose();
    page.goOnline();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(server.requests).toBe(1);
  });
});
