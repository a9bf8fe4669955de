// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';

/** A fresh copy of the module (its once-per-page flag). */
async function fresh() {
  vi.resetModules();
  return import('./warm-up-element-styles.ts');
}

describe('styling a page’s first video and select ahead', () => {
  afterEach(() => vi.restoreAllMocks());

  it('styles one hidden <video> and <select> in the document, takes them away, once per page', async () => {
    const { warmUpElementStyles } = await fresh();
    const styled: string[] = [];
    const real = window.getComputedStyle.bind(window);
    vi.spyOn(window, 'getComputedStyle').mockImplementation((element, pseudo) => {
      // Styled while in the document, out of sight.
      expect(element.isConnected).toBe(true);
      expect((element as HTMLElement).hidden).toBe(true);
      styled.push(element.tagName.toLowerCase());
      return real(element, pseudo);
    });
    document.body.innerHTML = '<p>page</p>';
    expect(warmUpElementStyles()).toBe(true);
    expect(styled).toEqual(['video', 'select']);
    expect(document.body.innerHTML).toBe('<p>page</p>');
    expect(warmUpElementStyles()).toBe(false);
    expect(styled).toHaveLength(2);
  });

  it('does nothing without a document body', async () => {
    const { warmUpElementStyles } = await fresh();
    expect(warmUpElementStyles({ body: null } as unknown as Document)).toBe(false);
  });

  it('after a frame, only if still wanted then (a guest who pressed Join meanwhile is past it)', async () => {
    let drawn: () => void = () => undefined;
    const frame = () => new Promise<void>((resolve) => (drawn = resolve));
    const spy = vi.spyOn(window, 'getComputedStyle');
    const a = await fresh();
    a.warmUpElementStylesAfterDraw(() => false, frame);
    drawn();
    await Promise.resolve();
    expect(spy).not.toHaveBeenCalled();
    const b = await fresh();
    b.warmUpElementStylesAfterDraw(() => true, frame);
    await Promise.resolve();
    expect(spy).not.toHaveBeenCalled(); // not before the frame
    drawn();
    await Promise.resolve();
    expect(spy).toHaveBeenCalledTimes(2);
  });
});
