// Builds the project: WebAssembly kernels from asm/ (AssemblyScript), the browser worker of the
// kernel thread pool (esbuild), then TypeScript into a fresh dist/ (no file of a deleted source
// survives to be packed or run as a test) with the .wasm files in dist/wasm/, then a stamp that
// scripts/ensure-built.mjs compares against source times.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;
const run = (script, args) => execFileSync(node, [join(root, script), ...args], { cwd: root, stdio: 'inherit' });

run('scripts/build-wasm.mjs', []);
run('scripts/build-web-worker.mjs', []);
rmSync(join(root, 'dist'), { recursive: true, force: true });
run('node_modules/typescript/bin/tsc', ['-p', 'tsconfig.json']);
// The kernels as .wasm files beside the code: hnn/node reads them (bundles carry the embedded copy).
cpSync(join(root, 'build', 'wasm'), join(root, 'dist', 'wasm'), { recursive: true });
// The `hnn` bin must be executable: npx runs it directly (tsc writes it without the x bit).
chmodSync(join(root, 'dist', 'src', 'cli', 'main.js'), 0o755);
writeFileSync(join(root, 'dist', '.build-stamp'), new Date().toISOString() + '\n');
