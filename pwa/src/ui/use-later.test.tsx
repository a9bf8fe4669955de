// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { useState } from 'preact/hooks';
import { Later, useLater } from './use-later.ts';

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
