// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyComponent } from './lazy.tsx';

/** A chunk whose arrival the test decides. */
function chunk<T>() {
  let settle!: { resolve: (value: T) => void; reject: (error: Error) => void };
  let calls = 0;
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  return {
    load: () => {
      calls++;
      return promise;
    },
    calls: () => calls,
    ...settle,
  };
}

const Controls = ({ label }: { label: string }) => <button type="button">{label}</button>;

describe('lazyComponent', () => {
  afterEach(() => render(null, document.body));

  it('loads ahead when asked, once, and says when it is ready to be drawn whole', async () => {
    const part = chunk<typeof Controls>();
    const Lazy = lazyComponent(part.load);
    expect(part.calls()).toBe(0); // nothing is fetched until someone asks
    expect(Lazy.ready.value).toBe(false);
    Lazy.load();
    Lazy.load();
    expect(part.calls()).toBe(1);
    await act(async () => part.resolve(Controls));
    expect(Lazy.ready.value).toBe(true);
    render(<Lazy label="Leave" />, document.body);
    expect(document.querySelector('button')?.textContent).toBe('Leave');
    expect(part.calls()).toBe(1); // drawing it loads nothing again
  });

  it('is ready when it failed too: drawn, it says what went wrong instead of standing in', async () => {
    const part = chunk<typeof Controls>();
    const Lazy = lazyComponent(part.load, 'quiet');
    render(<Lazy label="Leave" />, document.body);
    expect(document.body.textContent).toBe(''); // quiet while loading
    await act(async () => part.reject(new Error('Failed to fetch dynamically imported module')));
    expect(Lazy.ready.value).toBe(true);
    expect(document.body.textContent).toContain('Failed to fetch dynamically imported module');
    expect(document.querySelector('button')).toBeNull();
  });
});
