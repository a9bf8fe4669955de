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
