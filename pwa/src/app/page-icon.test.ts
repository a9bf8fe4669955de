// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { PAGE_ICON, showPageIcon } from './page-icon.ts';

describe('page icon', () => {
  beforeEach(() => {
    document.head.innerHTML = '<meta charset="utf-8" /><link rel="icon" href="data:," />';
  });

  it('turns the empty icon index.html names into the app mark, without a second link', () => {
    showPageIcon(document);
    const links = document.querySelectorAll<HTMLLinkElement>('link[rel="icon"]');
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe(PAGE_ICON);
    expect(links[0]!.type).toBe('image/svg+xml');
  });

  it('adds one where the page has none', () => {
    document.head.innerHTML = '';
    showPageIcon(document, '/other.svg');
    expect(document.querySelector('link[rel="icon"]')?.getAttribute('href')).toBe('/other.svg');
  });
});
