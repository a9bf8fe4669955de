import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { roomMatchPatterns } from './extension/config/room-origins';

const roomMatches = roomMatchPatterns(process.env.WXT_ROOM_ORIGINS);

/** The Chrome extension (issue 10). Sources in `extension/`, output in `.output/chrome-mv3`. */
export default defineConfig({
  srcDir: 'extension',
  entrypointsDir: 'entrypoints',
  outDir: '.output',
  // Explicit imports everywhere: the code reads the same in tests, in the editor and in review.
  imports: false,
  alias: {
    '@shared': fileURLToPath(new URL('./shared', import.meta.url)),
  },
  vite: () => ({
    plugins: [preact()],
    build: { target: 'es2022' },
  }),
  manifest: {
    name: 'Meeting room',
    description: 'Enter your meeting rooms from Google Calendar and share a browser tab in a call.',
    minimum_chrome_version: '116',
    // activeTab: the popup may read the title of the tab its icon was clicked on (the tab to share).
    permissions: ['storage', 'tabCapture', 'activeTab'],
    // Local servers and the build's room origins are granted at install; any other server address
    // is asked for on the options page when the user signs in there.
    host_permissions: roomMatches,
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    externally_connectable: { matches: roomMatches },
    action: { default_title: 'Meeting room' },
  },
  zip: { artifactTemplate: 'meeting-room-extension-{{version}}-{{browser}}.zip' },
});
