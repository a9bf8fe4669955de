import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Unit files two at a time, whatever the machine: Vitest's default (one fewer than the cores) ran
    // them one after another on a 2-core machine, 237 s against 160 s. The browser files stay one at a
    // time, after them (below); two at a time, beside the unit files, made each 2–3× slower.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'pwa/**/*.test.{ts,tsx}', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['test/extension/**'],
          // The server's log (pino) stays quiet in unit tests; those that check a log pass their own.
          env: { LOG_LEVEL: 'silent' },
          environment: 'node',
          // Some tests do real work many times (31 wrong sign-ins are 31 scrypt hashes of 16 MiB):
          // 2 s on an idle machine, over 5 s on a loaded one. A hung test still fails, at 30 s.
          testTimeout: 30_000,
          // expect.poll waits on real things here too (Janus, sockets, child processes): its 1 s
          // default fails a correct test on a loaded machine. A poll that holds returns at once.
          expect: { poll: { timeout: 10_000 } },
        },
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
      },
      {
        // The extension: WXT's plugin resolves its aliases and swaps `wxt/browser` (and the globals
        // `browser`/`chrome`) for the in-memory fake browser. DOM tests pick happy-dom per file.
        plugins: [WxtVitest()],
        test: {
          name: 'extension',
          include: ['extension/**/*.test.{ts,tsx}'],
          setupFiles: ['test/extension/setup.ts'],
          environment: 'node',
        },
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          expect: { poll: { timeout: 10_000 } },
          // Real Chromium instances are heavy on a 2-core machine: one suite at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
