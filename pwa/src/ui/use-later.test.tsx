// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { useState } from 'preact/hooks';
import { type ReadonlySignal, signal } from '@preact/signals';
import { Later, Shown, useLater, useLaterSignal } from './use-later.ts';

function Page() {
  const later = useLater();
  return (
    <main>
      <button type="submit">Join</button>
      {later && <section aria-label="Check">steps</section>}
    </main>
  );
}

describe('useLater', () => {
  afterEach(() => render(null, document.body));

  it('draws the first part at once and the later part in a task of its own', async () => {
    render(<Page />, document.body);
    expect(document.querySelector('button')).not.toBeNull();
    expect(document.querySelector('section')).toBeNull();
    await Promise.resolve();
    expect(document.querySelector('section')).toBeNull(); // not a microtask later: a task later
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(document.querySelector('section')?.textContent).toBe('steps');
  });

  it('does nothing once the component is gone', async () => {
    render(<Page />, document.body);
    render(null, document.body);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(document.body.innerHTML).toBe('');
  });

  it('Later renders only its own part again, not the page around it', async () => {
    let pageRenders = 0;
    function Around() {
      pageRenders++;
      const [title] = useState('Pre-join');
      return (
        <main aria-label={title}>
          <button type="submit">Join</button>
          <Later>
            <section aria-label="Check">steps</section>
          </Later>
        </main>
      );
    }
    render(<Around />, document.body);
    expect(document.querySelector('section')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(document.querySelector('section')?.textContent).toBe('steps');
    expect(pageRenders).toBe(1);
  });
});

describe('Later, after the next frame', () => {
  afterEach(() => render(null, document.body));

  it('draws its part in a task after the first frame, not with it', async () => {
    const frames: FrameRequestCallback[] = [];
    const raf = globalThis.requestAnimationFrame;
    globalThis.requestAnimationFrame = (callback) => frames.push(callback);
    try {
      render(
        <main>
          <button type="submit">Join</button>
          <Later afterFrame>
            <section aria-label="Check">steps</section>
          </Later>
        </main>,
        document.body,
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(document.querySelector('section')).toBeNull(); // no frame yet
      for (const frame of frames.splice(0)) frame(performance.now());
      expect(document.querySelector('section')).toBeNull(); // not in the frame itself
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(document.querySelector('section')?.textContent).toBe('steps');
    } finally {
      globalThis.requestAnimationFrame = raf;
    }
  });

  it('draws it anyway within 100 ms where no frame comes (a hidden tab)', async () => {
    const raf = globalThis.requestAnimationFrame;
    globalThis.requestAnimationFrame = () => 0;
    try {
      render(
        <Later afterFrame>
          <section aria-label="Check">steps</section>
        </Later>,
        document.body,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(document.querySelector('section')).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(document.querySelector('section')?.textContent).toBe('steps');
    } finally {
      globalThis.requestAnimationFrame = raf;
    }
  });
});

describe('Later, in an idle moment', () => {
  afterEach(() => render(null, document.body));
  const tick = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));

  function withIdleCallbacks(run: (idle: { callbacks: IdleRequestCallback[]; cancelled: number[] }) => Promise<void>) {
    const saved = { request: globalThis.requestIdleCallback, cancel: globalThis.cancelIdleCallback };
    const idle = { callbacks: [] as IdleRequestCallback[], cancelled: [] as number[] };
    globalThis.requestIdleCallback = (callback) => idle.callbacks.push(callback);
    globalThis.cancelIdleCallback = (id) => void idle.cancelled.push(id);
    return run(idle).finally(() => {
      render(null, document.body); // its clean-up cancels with these
      globalThis.requestIdleCallback = saved.request;
      globalThis.cancelIdleCallback = saved.cancel;
    });
  }

  it('waits for the idle moment after its task, then draws its part', () =>
    withIdleCallbacks(async ({ callbacks }) => {
      render(
        <Later idle>
          <section aria-label="Check">steps</section>
        </Later>,
        document.body,
      );
      await tick(30);
      expect(document.querySelector('section')).toBeNull(); // a task went by, but no idle moment yet
      expect(callbacks).toHaveLength(1);
      callbacks[0]!({ didTimeout: false, timeRemaining: () => 10 });
      await tick();
      expect(document.querySelector('section')?.textContent).toBe('steps');
    }));

  it('asks for the idle moment only after the frame, and not at all once gone', () =>
    withIdleCallbacks(async ({ callbacks, cancelled }) => {
      const frames: FrameRequestCallback[] = [];
      const raf = globalThis.requestAnimationFrame;
      globalThis.requestAnimationFrame = (callback) => frames.push(callback);
      try {
        render(
          <Later afterFrame idle>
            <section aria-label="Check">steps</section>
          </Later>,
          document.body,
        );
        await tick(20);
        expect(callbacks).toHaveLength(0); // no frame yet
        for (const frame of frames.splice(0)) frame(performance.now());
        await tick();
        expect(callbacks).toHaveLength(1);
        render(null, document.body);
        expect(cancelled).toHaveLength(1);
      } finally {
        globalThis.requestAnimationFrame = raf;
      }
    }));

  it('is held by a signal after the idle moment too', () =>
    withIdleCallbacks(async ({ callbacks }) => {
      const gettingIn = signal(true);
      render(
        <Later idle heldBy={gettingIn}>
          <section aria-label="Check">steps</section>
        </Later>,
        document.body,
      );
      await tick();
      callbacks[0]!({ didTimeout: false, timeRemaining: () => 10 });
      await tick(30);
      expect(document.querySelector('section')).toBeNull();
      gettingIn.value = false;
      await tick();
      expect(document.querySelector('section')?.textContent).toBe('steps');
    }));
});

describe('Later, held by a signal', () => {
  afterEach(() => render(null, document.body));
  const tick = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));
  const renderControlsHeldBy = (heldBy: ReadonlySignal<boolean>) =>
    render(
      <Later heldBy={heldBy}>
        <nav aria-label="Controls">controls</nav>
      </Later>,
      document.body,
    );

  it('waits while it is true, then draws its part in a task of its own', async () => {
    const gettingIn = signal(true);
    renderControlsHeldBy(gettingIn);
    await tick(30);
    expect(document.querySelector('nav')).toBeNull();
    gettingIn.value = false;
    expect(document.querySelector('nav')).toBeNull(); // not in the task that let it go
    await tick();
    expect(document.querySelector('nav')?.textContent).toBe('controls');
  });

  it('draws it at once (a task later) when nothing holds it', async () => {
    renderControlsHeldBy(signal(false));
    await tick();
    expect(document.querySelector('nav')?.textContent).toBe('controls');
  });

  it('waits holdMaxMs at most', async () => {
    render(
      <Later heldBy={signal(true)} holdMaxMs={40} until={<p>placeholder</p>}>
        <nav aria-label="Controls">controls</nav>
      </Later>,
      document.body,
    );
    await tick(20);
    expect(document.querySelector('p')?.textContent).toBe('placeholder');
    await tick(60);
    expect(document.querySelector('nav')?.textContent).toBe('controls');
  });

  it('does nothing once the component is gone', async () => {
    const gettingIn = signal(true);
    renderControlsHeldBy(gettingIn);
    await tick();
    render(null, document.body);
    gettingIn.value = false;
    await tick();
    expect(document.body.innerHTML).toBe('');
  });
});

describe('useLaterSignal and Shown', () => {
  afterEach(() => render(null, document.body));

  it('turns every part that reads it at once, without re-rendering the component that made it', async () => {
    let renders = 0;
    const seen: string[] = [];
    function Room() {
      renders++;
      const settled = useLaterSignal();
      return (
        <main>
          <header>
            <Shown when={settled}>
              <span data-testid="count">2</span>
            </Shown>
          </header>
          <Shown when={settled} until={<div class="toolbar--pending" />}>
            <nav aria-label="Controls">controls</nav>
          </Shown>
        </main>
      );
    }
    render(<Room />, document.body);
    expect(document.querySelector('.toolbar--pending')).not.toBeNull();
    const observer = new MutationObserver(() =>
      seen.push(`${Boolean(document.querySelector('[data-testid=count]'))} ${Boolean(document.querySelector('nav'))}`),
    );
    observer.observe(document.body, { subtree: true, childList: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.resolve();
    observer.disconnect();
    expect(document.querySelector('nav')?.textContent).toBe('controls');
    expect(document.querySelector('[data-testid=count]')).not.toBeNull();
    // Never one without the other: the count and the controls come in the same task.
    expect(seen.every((s) => s === 'true true')).toBe(true);
    expect(renders).toBe(1);
  });
});
