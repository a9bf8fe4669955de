import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config.ts';

// Paths from the repository root, where vitest runs.
const PUBLIC_DIR = path.resolve('extension/public');

async function manifestFor(browser: 'chrome' | 'firefox') {
  const manifest = config.manifest;
  if (typeof manifest !== 'function') throw new Error('wxt.config.ts: manifest is expected to be a function of the browser');
  return manifest({ browser, manifestVersion: 3, mode: 'production', command: 'build' } as never);
}

describe('the manifest', () => {
  it.each(['chrome', 'firefox'] as const)(
    '%s: icons at 16, 32, 48 and 128 px, for the extension and its toolbar button',
    async (browser) => {
      const manifest = await manifestFor(browser);
      const sizes = ['16', '32', '48', '128'];
      expect(Object.keys(manifest.icons ?? {})).toEqual(sizes);
      expect(manifest.action?.default_icon).toEqual(manifest.icons);
      for (const file of Object.values(manifest.icons ?? {})) expect(existsSync(path.join(PUBLIC_DIR, file)), file).toBe(true);
    },
  );

  it('Firefox: no tab capture nor externally_connectable (Chrome only), an add-on id, and what it sends declared', async () => {
    const manifest = await manifestFor('firefox');
    expect(manifest.permissions).not.toContain('tabCapture');
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.browser_specific_settings?.gecko?.id).toBeTruthy();
    const chrome = await manifestFor('chrome');
    expect(chrome.permissions).toContain('tabCapture');
  });
});
