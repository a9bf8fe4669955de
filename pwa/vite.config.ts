import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { compileHints } from './build/compile-hints.ts';
import { inlineCss } from './build/inline-css.ts';
import { peerjsMediaOnly } from './build/peerjs-media-only.ts';
import { precompress } from './build/precompress.ts';
import { blurAssets } from './src/blur/vite-plugin-blur-assets.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
/** What the first page and the lazy parts share (the `core` chunk below). */
const CORE = /node_modules[\\/](preact|@preact[\\/]signals|@preact[\\/]signals-core|valibot)[\\/]|[\\/]shared[\\/].*\.ts$/;
const backend = process.env.BACKEND_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  plugins: [
    preact(),
    blurAssets(),
    // PeerJS for media calls only: no data connections, no RTCPeerConnection probe at load (build/peerjs-media-only.ts).
    peerjsMediaOnly(),
    // The service worker (Workbox, generated at build): the app shell is precached; the API,
    // signalling, uploads and the large blur model files are never cached by it.
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: false,
      manifest: false, // ours is in public/manifest.webmanifest
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // Blur (beta) is large and loaded on first use only: not part of the shell.
        globIgnores: ['blur/**', '**/*.map', '**/*.gz', '**/*.br', '**/segmenter-*', '**/compositor.worker-*', '**/blur-processor-*'],
        // Frames (embedded meetings) navigate past the shell: public/sw-frames.js.
        importScripts: ['/sw-frames.js'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/peerjs\//, /^\/ws\//],
        cleanupOutdatedCaches: true,
        clientsClaim: false,
        skipWaiting: false,
        runtimeCaching: [],
      },
    }),
    inlineCss(),
    // `core` compiled as it loads (PeerJS is in the entry: main.tsx runs it with the app).
    compileHints(),
    precompress(),
  ],
  // Blur's workers import MediaPipe's ES-module wasm loader.
  worker: { format: 'es' },
  resolve: {
    alias: [
      // PeerJS for media calls only: what it carries for old browsers and data connections is left out (src/call/peerjs-build/).
      { find: /^webrtc-adapter$/, replacement: fileURLToPath(new URL('./src/call/peerjs-build/webrtc-adapter.ts', import.meta.url)) },
      { find: /^@msgpack\/msgpack$/, replacement: fileURLToPath(new URL('./src/call/peerjs-build/unused-serializer.ts', import.meta.url)) },
      {
        find: /^peerjs-js-binarypack$/,
        replacement: fileURLToPath(new URL('./src/call/peerjs-build/unused-serializer.ts', import.meta.url)),
      },
      {
        find: /^@mediapipe\/selfie_segmentation$/,
        replacement: fileURLToPath(new URL('./src/blur/selfie-segmentation-module.ts', import.meta.url)),
      },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/pwa', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Preact, its hooks and signals, and valibot are needed by the first page and by every lazy
        // part: one chunk for them instead of three small ones (fewer requests before a guest's picture).
        // The typed protocol's modules that several parts share join them: left alone, each one shared by
        // the first page and a lazy part became a chunk of its own, one more request before the picture.
        codeSplitting: {
          groups: [
            {
              name: 'core',
              // …but not the API keys' schemas: only the account's and the operator's pages use them.
              test: (id) => CORE.test(id) && !/[\\/]shared[\\/]api[\\/]api-keys\.ts$/.test(id),
              minShareCount: 2,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': backend,
      '/peerjs': { target: backend, ws: true },
      '/ws': { target: backend, ws: true },
    },
  },
});
