// Builds the native kernels (native/*.c, a Node-API addon) with the system C compiler into
// build-native/hnn_native.node. Run at install time; it never fails the install: when there is no
// compiler, no Node headers, or the compile fails, it prints one line saying why and exits 0 (the
// WebAssembly kernels are used then). Nothing is downloaded: the headers come from the Node
// installation (npm's nodedir, the directory beside the node binary, /usr/include/node).
// Environment: CC (compiler, default cc, then gcc, clang), HNN_NATIVE_BUILD=0 (skip the build),
// HNN_NATIVE_VERBOSE=1 (print the compiler commands and their output).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'native');
const outDir = join(root, 'build-native');
const target = join(outDir, 'hnn_native.node');
const verbose = process.env.HNN_NATIVE_VERBOSE === '1';

/** Translation units: portable ones, and x86-64 ones with their own instruction-set flags. */
const PORTABLE = ['binding.c', 'dispatch.c', 'pool.c', 'cpu.c', 'isa.c', 'gemm_portable.c', 'elementwise_portable.c', 'probe_portable.c'];
const X86 = [
  ['gemm_avx2.c', ['-mavx2', '-mfma']],
  ['elementwise_avx2.c', ['-mavx2', '-mfma']],
  ['probe_avx2.c', ['-mavx2', '-mfma']],
  ['gemm_avx512.c', ['-mavx512f', '-mfma']],
  ['elementwise_avx512.c', ['-mavx512f', '-mfma']],
  ['probe_avx512.c', ['-mavx512f', '-mfma']],
];
/** The AMX path's unit (compilers from GCC 11 and Clang 12 know its flags). */
const AMX = [['gemm_amx.c', ['-mavx512f', '-mavx512bw', '-mamx-tile', '-mamx-bf16']]];
/** Flags of every unit: no fused multiply-adds unless written as intrinsics, no errno from sqrt. */
const COMMON = ['-std=gnu11', '-O3', '-fPIC', '-pthread', '-fvisibility=hidden', '-ffp-contract=off', '-fno-math-errno', '-Wall', '-Wextra', '-Wno-unused-parameter'];

/** Prints the one-line reason and leaves with success (an install must not fail on this). */
function skip(reason) {
  rmSync(join(outDir, 'obj'), { recursive: true, force: true });
  console.log(`hnn: native kernels not built (${reason}); the WebAssembly kernels will be used`);
  process.exit(0);
}

/** First line of a compiler's error output, shortened. */
function firstError(text) {
  const line = text.split('\n').find((l) => /error|fatal/i.test(l)) ?? text.split('\n').find((l) => l.trim()) ?? '';
  return line.trim().slice(0, 200);
}

/** The C compiler to use: $CC, or the first of cc, gcc, clang that runs. */
function findCompiler() {
  const candidates = process.env.CC ? [process.env.CC] : ['cc', 'gcc', 'clang'];
  for (const cc of candidates) {
    const r = spawnSync(cc, ['--version'], { encoding: 'utf8' });
    if (!r.error && r.status === 0) return cc;
  }
  return null;
}

/** The folder holding node_api.h, or null. */
function findHeaders() {
  const dirs = [];
  if (process.env.npm_config_nodedir) dirs.push(join(process.env.npm_config_nodedir, 'include', 'node'));
  dirs.push(join(dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node');
  return dirs.find((d) => existsSync(join(d, 'node_api.h'))) ?? null;
}

/** Runs the compiler; resolves to null on success, else its error output. */
function run(cc, args) {
  if (verbose) console.log([cc, ...args].join(' '));
  return new Promise((resolve) => {
    const child = spawn(cc, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => resolve(String(e.message)));
    child.on('close', (code) => {
      if (verbose && out) process.stdout.write(out);
      resolve(code === 0 ? null : out || `exit code ${code}`);
    });
  });
}

/** Compiles `units` (two at a time) and links them into `file`; null on success, else the error. */
async function build(cc, headers, units, defines, file) {
  const objDir = join(outDir, 'obj');
  mkdirSync(objDir, { recursive: true });
  const objects = [];
  const queue = units.map(([unit, flags]) => async () => {
    const obj = join(objDir, unit.replace(/\.c$/, '.o'));
    objects.push(obj);
    return run(cc, [...COMMON, ...defines, ...flags, '-I', headers, '-c', join(src, unit), '-o', obj]);
  });
  const errors = [];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const e = await job();
      if (e) errors.push(e);
    }
  };
  await Promise.all([worker(), worker()]);
  if (errors.length) return errors[0];
  const linkFlags = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : [];
  return run(cc, ['-shared', '-pthread', ...linkFlags, '-o', file, ...objects, '-lm']);
}

/** Loads the built addon to prove it runs; null on success, else why not. */
function tryLoad(file) {
  try {
    const addon = createRequire(import.meta.url)(file);
    return { isa: addon.info().isa };
  } catch (e) {
    return { error: String(e.message ?? e).split('\n')[0] };
  }
}

async function main() {
  // The addon on disk always comes from the last build attempt (never a stale one).
  rmSync(target, { force: true });
  if (process.env.HNN_NATIVE_BUILD === '0') skip('HNN_NATIVE_BUILD=0');
  if (process.platform === 'win32') skip('Windows builds are not supported');
  if (!existsSync(join(src, 'binding.c'))) skip('native/ sources missing');
  const cc = findCompiler();
  if (!cc) skip(process.env.CC ? `compiler CC=${process.env.CC} not found` : 'no C compiler found (cc, gcc, clang)');
  const headers = findHeaders();
  if (!headers) skip('Node headers (node_api.h) not found');
  mkdirSync(outDir, { recursive: true });
  const temp = `${target}.tmp`;
  rmSync(temp, { force: true });
  const portable = PORTABLE.map((u) => [u, []]);
  let error = null;
  if (process.arch === 'x64') {
    // The x86-64 paths with AMX; without it if the compiler cannot build it; else the portable path alone.
    error = await build(cc, headers, [...portable, ...X86, ...AMX], ['-DHNN_HAVE_X86', '-DHNN_HAVE_AMX'], temp);
    if (error && verbose) console.log('hnn: the AMX path failed; trying the other x86-64 paths');
    if (error) error = await build(cc, headers, [...portable, ...X86], ['-DHNN_HAVE_X86'], temp);
    if (error && verbose) console.log('hnn: x86-64 paths failed; trying the portable path alone');
  }
  if (process.arch !== 'x64' || error) error = await build(cc, headers, portable, [], temp);
  if (error) skip(`compile failed: ${firstError(error)}`);
  renameSync(temp, target);
  rmSync(join(outDir, 'obj'), { recursive: true, force: true });
  const loaded = tryLoad(target);
  if (loaded.error) {
    rmSync(target, { force: true });
    skip(`the built addon does not load: ${loaded.error}`);
  }
  console.log(`hnn: native kernels built (build-native/hnn_native.node, ${loaded.isa} path)`);
}

main().catch((e) => skip(`unexpected error: ${String(e?.message ?? e).split('\n')[0]}`));
