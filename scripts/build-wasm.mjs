// Compiles the WebAssembly kernels (asm/kernels.ts: asm/gemm.ts, asm/elementwise.ts) with the npm-installed AssemblyScript compiler into
// build/kernels.wasm. The module imports a SHARED memory (env.memory) so that growing it never
// detaches existing Float32Array views and so worker threads can later run over the same memory.
// Static data starts at --memoryBase; the module exports heapBase() (first free byte) and
// scratchBytes() (packing space per gemm caller), which src/kernels/wasm.ts reads at start-up.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const asc = join(root, 'node_modules', 'assemblyscript', 'bin', 'asc.js');
if (!existsSync(asc)) {
  console.error('build-wasm: node_modules/assemblyscript is missing; run `npm install` first');
  process.exit(1);
}
const outDir = join(root, 'build');
mkdirSync(outDir, { recursive: true });

/** Largest linear memory the module accepts (pages of 64 KiB): 65536 pages = 4 GiB, wasm32's limit. */
export const MAX_PAGES = 65536;

const args = [
  join(root, 'asm', 'kernels.ts'),
  '--outFile', join(outDir, 'kernels.wasm'),
  '-O3',
  '--converge',
  '--noAssert',
  '--runtime', 'stub',
  '--use', 'abort=',
  '--enable', 'simd',
  '--enable', 'threads',
  '--importMemory',
  '--sharedMemory',
  '--initialMemory', '1',
  '--maximumMemory', String(MAX_PAGES),
  '--memoryBase', '1024',
];
execFileSync(process.execPath, [asc, ...args], { cwd: root, stdio: 'inherit' });
console.log('build-wasm: build/kernels.wasm');
