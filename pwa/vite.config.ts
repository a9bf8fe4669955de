import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { blurAssets } from './src/blur/vite-plugin-blur-assets';

const root = fileURLToPath(new URL('.', import.meta.url));
const backend = process.env.BACKEND_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  plugins: [preact(), blurAssets()],
  // Blur's workers import MediaPipe's ES-module wasm loader.
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../dist/pwa', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': backend,
      '/peerjs': { target: backend, ws: true },
      '/ws': { target: backend, ws: true },
    },
  },
});
