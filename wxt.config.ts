import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { roomMatchPatterns } from './extension/config/room-origins';

const roomMatches = roomMatchPatterns(process.env.WXT_ROOM_ORIGINS);

/** Rendered from the PWA's icon by `npm run icons` into extension/public/icon/. */
const EXTENSION_ICONS = { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' };

/** The browser extension (issues 10, 23). Sources in `extension/`, output in `.output/chrome-mv3` and `.output/firefox-mv3`. */
export default defineConfig({
  srcDir: 'extension',
  entrypointsDir: 'entrypoints',
  publicDir: 'extension/public',
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
  // Chrome (MV3) is the full extension; Firefox (MV3, `wxt zip -b firefox --mv3`) has no tabCapture
  // and no externally_connectable, so its build offers the calendars and the popup, not tab sharing.
  manifest: ({ browser }) => {
    const chrome = browser !== 'firefox';
    return {
      name: 'Meeting room',
      description: 'Enter your meeting rooms from Google Calendar and Outlook on the web, and share a browser tab in a call.',
      icons: EXTENSION_ICONS,
      action: { default_title: 'Meeting room', default_icon: EXTENSION_ICONS },
      // activeTab: the popup may read the title of the tab its icon was clicked on (the tab to share).
      permissions: chrome ? ['storage', 'tabCapture', 'activeTab'] : ['storage', 'activeTab'],
      // Local servers and the build's room origins are granted at install; any other server address
      // is asked for on the options page when the user signs in there.
      host_permissions: roomMatches,
      optional_host_permissions: ['https://*/*', 'http://*/*'],
      ...(chrome
        ? { minimum_chrome_version: '116', externally_connectable: { matches: roomMatches } }
        : {
            browser_specific_settings: {
              gecko: {
                // An add-on id is needed for storage; optional_host_permissions in MV3 since Firefox 128.
                id: 'meeting-room-extension@meeting-room.app',
                strict_min_version: '128.0',
                // What leaves the device (docs/extension-privacy.md): the sign-in to the user's own
                // meeting server, and the title and time of a calendar event it makes a room for.
                data_collection_permissions: { required: ['authenticationInfo', 'websiteContent'] },
              },
            },
          }),
    };
  },
  zip: {
    artifactTemplate: 'meeting-room-extension-{{version}}-{{browser}}.zip',
    // The sources archive addons.mozilla.org asks for is made from the repository (git archive), not here.
    zipSources: false,
  },
});
