// Vite configuration of the browser lab: `hnn` resolves to the built core (../dist/src/index.js, made
// by `npm run build`), workers are ES modules, and both the dev server and the preview server send
// the cross-origin isolation headers that let the kernels use threads.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const core = fileURLToPath(new URL('../dist/src/index.js', import.meta.url));

/** Headers that make the page cross-origin isolated (SharedArrayBuffer, so kernel threads). */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { alias: [{ find: /^hnn$/, replacement: core }] },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  server: { headers: ISOLATION_HEADERS, fs: { allow: ['..'] } },
  preview: { headers: ISOLATION_HEADERS },
});
