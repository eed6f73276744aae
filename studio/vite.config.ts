/**
 * Builds the studio into ../dist/studio, which `weft dev` / `weft serve` serve at `/`
 * (src/gateway/routes/studio.ts). Relative asset URLs (`base: './'`) keep the bundle independent of
 * where it is mounted. The studio imports ../src/contracts (the API's types and pure code), nothing else of src/.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, searchForWorkspaceRoot } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The API contract the studio shares with the server (types and pure code only: DESIGN.md §2). */
const contracts = fileURLToPath(new URL('../src/contracts', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/studio', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
    // The contract is pure code (no side effects at load): what the studio does not use — the route
    // schemas, built by helper calls Rollup cannot prove pure — stays out of the bundle.
    rollupOptions: { treeshake: { moduleSideEffects: (id) => !id.startsWith(contracts) } },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/fn': 'http://127.0.0.1:8080' },
    // The dev server serves files outside `root` only from allowed folders: the workspace's and the contract.
    fs: { allow: [searchForWorkspaceRoot(root), contracts] },
  },
});
