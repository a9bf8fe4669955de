// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { type Signal, signal } from '@preact/signals';
import type { CallPage } from './call-page.ts';
import { useKeptPreJoin } from './use-kept-prejoin.ts';

function Probe({ page, gettingIn }: { page: Signal<CallPage>; gettingIn: Signal<boolean> }) {
  const kept = useKeptPreJoin(page.value, gettingIn);
  return <p data-kept={String(kept)} />;
}

const kept = () => document.querySelector('p')?.getAttribute('data-kept');
const waitFor = async (check: () => boolean, ms = 2000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
  }
};

describe('useKeptPreJoin', () => {
  afterEach(() => render(null, document.body));

  it('keeps the pre-join page the room replaced while the page gets into the call, and lets it go after', async () => {
    const page = signal<CallPage>('pre-join');
    const gettingIn = signal(true);
    render(<Probe page={page} gettingIn={gettingIn} />, document.body);
    expect(kept()).toBe('false'); // on the pre-join page, it is simply shown
    await act(() => {
      page.value = 'room';
    });
    expect(kept()).toBe('true');
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(kept()).toBe('true'); // still getting in: its taking down would fall before the first picture
    await act(() => {
      gettingIn.value = false;
    });
    await waitFor(() => kept() === 'false');
    await act(() => {
      gettingIn.value = true;
    }); // a later settling (someone joins) brings nothing back
    expect(kept()).toBe('false');
  });

  it('keeps nothing on a page that came to the room from elsewhere (the waiting room, a reload)', async () => {
    for (const before of ['waiting', 'rejoining'] as const) {
      const page = signal<CallPage>(before);
      render(<Probe page={page} gettingIn={signal(true)} />, document.body);
      await act(() => {
        page.value = 'room';
      });
      expect(kept()).toBe('false');
      render(null, document.body);
    }
  });

  it('gives up waiting for the first picture after the hold limit', async () => {
    const page = signal<CallPage>('pre-join');
    render(<Probe page={page} gettingIn={signal(true)} />, document.body);
    await act(() => {
      page.value = 'room';
    });
    expect(kept()).toBe('true');
    await waitFor(() => kept() === 'false', 3500);
  });
});
