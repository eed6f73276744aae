/**
 * Builds the studio into ../dist/studio, which `weft dev` / `weft serve` serve at `/`
 * (src/gateway/routes/studio.ts). Relative asset URLs (`base: './'`) keep the bundle independent of
 * where it is mounted.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/studio', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/fn': 'http://127.0.0.1:8080' } },
});
