import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CapacityError } from '../core/errors.js';
import { checkMulProductK } from '../kernels/mul-product.js';
import type { ActivationKind, AdamScalars, Kernels } from '../kernels/types.js';

/**
 * Native CPU kernels: a Node-API addon built from native/*.c at install time by
 * scripts/build-native.mjs into build-native/hnn_native.node. Products use packed panels and
 * register-tiled micro-kernels for AVX-512 or AVX2+FMA (picked at run time from the CPU's features,
 * or forced with HNN_NATIVE_ISA=avx512|avx2|portable), or portable C; on request (HNN_NATIVE_ISA=amx
 * or `isa: 'amx'`), AMX tiles, with float32 accuracy but other bits (native/gemm_amx.c). Large calls
 * are split across a persistent pool of native threads along output rows or columns, or a long weight
 * gradient in two halves fixed by its length (and `stacked`), so results are bit-identical for every thread count. Every call but Adam flushes subnormal floats to zero (x86 FTZ/DAZ, as XLA
 * does; subnormals cost ~100 cycles each), so those results differ from the other backends' only below
 * 1.2e-38. Arrays are ordinary Float32Array / Float64Array views (64-byte aligned when
 * they come from `alloc`); the kernels accept any such array that is long enough.
 */

/** Instruction-set paths of the native kernels. */
export type NativeIsa = 'amx' | 'avx512' | 'avx2' | 'portable';

/** Codes of the paths (native/hnn.h). */
const ISA_CODES: Record<NativeIsa, number> = { portable: 0, avx2: 1, avx512: 2, amx: 3 };

/** Path of the addon: <package root>/build-native/hnn_native.node (this file is dist/src/node/native-kernels.js). */
export const nativeAddonPath = fileURLToPath(new URL('../../../build-native/hnn_native.node', import.meta.url));

/** What the addon reports about itself. */
export interface NativeInfo {
  /** The default path: HNN_NATIVE_ISA when set and valid, else the best this CPU runs of avx512, avx2, portable. */
  isa: NativeIsa;
  /** Paths this CPU runs, best first. */
  supported: NativeIsa[];
  env: string | null;
  envError: string | null;
  maxThreads: number;
  /** Worker threads started so far, and times they were paused for being slow (native/pool.c). */
  workers: number;
  pauses: number;
}

/** The addon's functions (native/binding.c); every call takes the path code and thread count first. */
export interface NativeAddon {
  gemm(isa: number, threads: number, flags: number, m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array): void;
  activation(isa: number, threads: number, kind: number, rows: number, cols: number, x: Float32Array, bias: Float32Array | null, y: Float32Array, d1: Float32Array, d2: Float32Array | null): void;
  mul(isa: number, threads: number, n: number, a: Float32Array, b: Float32Array, out: Float32Array): void;
  mulProduct(isa: number, threads: number, rows: number, cols: number, k: number, a: Float32Array, g: Float32Array, w: Float32Array, out: Float32Array): void;
  add(isa: number, threads: number, n: number, a: Float32Array, b: Float32Array, out: Float32Array): void;
  dual(isa: number, threads: number, n: number, d1: Float32Array, d2: Float32Array, xt: Float32Array, g: Float32Array, gt: Float32Array, out: Float32Array, outT: Float32Array | null): void;
  addBias(isa: number, threads: number, rows: number, cols: number, y: Float32Array, bias: Float32Array): void;
  columnSums(isa: number, threads: number, rows: number, cols: number, g: Float32Array, acc: Float32Array): void;
  adam(isa: number, threads: number, n: number, value: Float32Array, grad: Float32Array, m: Float64Array, v: Float64Array, wd: number, b1: number, b2: number, step: number, sqrtBc2: number, eps: number): void;
  fmaPeak(isa: number, seconds: number): number;
  misalignment(a: ArrayBufferView): number;
  info(): NativeInfo;
  healthSimulate(n: number, jobs: Float64Array): Float64Array;
}

/** Whether the native kernels can run here, and if not, why (one line). */
export interface NativeKernelsStatus {
  available: boolean;
  reason?: string;
  /** The path a kernel set uses unless told otherwise. */
  isa?: string;
}

let cached: { addon: NativeAddon; info: NativeInfo } | { reason: string } | undefined;

/** Loads the addon once; remembers why it could not. */
function load(): { addon: NativeAddon; info: NativeInfo } | { reason: string } {
  if (cached) return cached;
  if (!existsSync(nativeAddonPath)) {
    cached = { reason: 'not built at install (build them with `node scripts/build-native.mjs` in the hnn folder; npm may need `npm install-scripts approve hnn`)' };
    return cached;
  }
  try {
    const addon = createRequire(import.meta.url)(nativeAddonPath) as NativeAddon;
    const info = addon.info();
    cached = info.envError ? { reason: info.envError } : { addon, info };
  } catch (e) {
    cached = { reason: `the addon does not load: ${String((e as Error).message ?? e).split('\n')[0]}` };
  }
  return cached;
}

/** Whether the native kernels are available (built, loadable, HNN_NATIVE_ISA valid), and which path they use. */
export function nativeKernelsStatus(): NativeKernelsStatus {
  const l = load();
  return 'reason' in l ? { available: false, reason: l.reason } : { available: true, isa: l.info.isa };
}

/** Paths this CPU runs, best first (empty when the addon is not available). */
export function nativeSupportedIsas(): NativeIsa[] {
  const l = load();
  return 'reason' in l ? [] : [...l.info.supported];
}

/** Whether the opt-in AMX path runs here and is not already the path in use (benches time it as a side of its own). */
export function nativeAmxOnRequest(): boolean {
  const l = load();
  return !('reason' in l) && l.info.supported.includes('amx') && l.info.isa !== 'amx';
}

/** The loaded addon, or an error saying why there is none. */
function addonOrThrow(): { addon: NativeAddon; info: NativeInfo } {
  const l = load();
  if ('reason' in l) throw new Error(`native kernels unavailable: ${l.reason}`);
  return l;
}

/** The native thread pool: workers started, and times they paused themselves (cores found taken). */
export function nativePoolStats(): { workers: number; pauses: number } {
  const { addon } = addonOrThrow();
  const info = addon.info();
  return { workers: info.workers, pauses: info.pauses };
}

/** One split job as the native pool sees it: times in ns on one clock, parts run by the caller of `parts`. */
export interface PoolJob {
  /** When the job was published, when the caller had run its own parts, when every part was done. */
  readonly start: number;
  readonly own: number;
  readonly end: number;
  readonly parts: number;
  readonly byCaller: number;
  readonly threads: number;
}

/**
 * The native pool's judgement of its workers over `jobs` on a simulated clock (a fresh judgement; the
 * pool's own is untouched): per job, the pause it decides after it (ns; 0 for none), or -1 for a job
 * that starts during a pause (the pool runs those on the caller alone, unjudged).
 */
export function nativePoolJudgement(jobs: readonly PoolJob[]): number[] {
  const { addon } = addonOrThrow();
  const flat = new Float64Array(jobs.length * 6);
  jobs.forEach((j, i) => flat.set([j.start, j.own, j.end, j.parts, j.byCaller, j.threads], 6 * i));
  return [...addon.healthSimulate(jobs.length, flat)];
}

/** GFLOP/s of independent FMA chains (multiply-adds for `portable`) on one core over about `seconds`. */
export function nativeFmaPeak(isa: NativeIsa, seconds = 0.3): number {
  const { addon, info } = addonOrThrow();
  if (!info.supported.includes(isa)) throw new Error(`native kernels: this CPU does not run the ${isa} path`);
  return addon.fmaPeak(ISA_CODES[isa], seconds);
}

/** Options of a native kernel set. */
export interface NativeKernelOptions {
  /** Threads one call may use, the calling thread included (default: 2 with at least 2 cores, else 1). */
  threads?: number;
  /**
   * A shared slot read at every call for its thread count instead (clamped to 1–NATIVE_MAX_THREADS),
   * so that a scheduler running several trainings at once can hand a finished one's cores to the rest.
   */
  threadBudget?: Int32Array;
  /** Instruction-set path (default: HNN_NATIVE_ISA, else the best this CPU runs of avx512, avx2, portable). */
  isa?: NativeIsa;
}

/** Most threads a native kernel set may use. */
export const NATIVE_MAX_THREADS = 16;

/** Activation codes of native/hnn.h. */
const ACTIVATION_CODES: Record<ActivationKind, number> = { tanh: 0, relu: 1, softplus: 2, sigmoid: 3 };

/** Bytes every allocation is aligned to. */
const ALIGN = 64;

const isDim = (x: number): boolean => Number.isInteger(x) && x >= 0 && x <= 0x7fffffff;

/** A native kernel set (throws when the addon is unavailable: see `nativeKernelsStatus`). */
export function createNativeKernels(options: NativeKernelOptions = {}): NativeKernels {
  const { addon, info } = addonOrThrow();
  return new NativeKernels(addon, info, options);
}

/** Float32 kernels running natively (see the module comment). */
export class NativeKernels implements Kernels<Float32Array> {
  readonly name = 'native';
  readonly arithmetic: string | undefined;
  readonly dtype = 'float32' as const;
  private readonly fixedThreads: number;
  private readonly budget: Int32Array | null;
  /** The instruction-set path of every call. */
  readonly isa: NativeIsa;
  private readonly code: number;
  private readonly addon: NativeAddon;

  /** Use createNativeKernels. */
  constructor(addon: NativeAddon, info: NativeInfo, options: NativeKernelOptions = {}) {
    const threads = options.threads ?? Math.max(1, Math.min(2, availableParallelism()));
    if (!Number.isInteger(threads) || threads < 1 || threads > NATIVE_MAX_THREADS) {
      throw new RangeError(`native kernels: threads must be an integer in [1, ${NATIVE_MAX_THREADS}], got ${threads}`);
    }
    const isa = options.isa ?? info.isa;
    if (!(isa in ISA_CODES)) throw new RangeError(`native kernels: isa must be one of amx, avx512, avx2, portable, got ${String(isa)}`);
    if (!info.supported.includes(isa)) throw new Error(`native kernels: this CPU does not run the ${isa} path (it runs ${info.supported.join(', ')})`);
    this.addon = addon;
    this.fixedThreads = threads;
    this.budget = options.threadBudget ?? null;
    this.isa = isa;
    this.code = ISA_CODES[isa];
    this.arithmetic = isa === 'amx' ? 'amx' : undefined;
  }

  /** Threads one call may use (the calling thread included): the budget's slot when there is one. */
  get threads(): number {
    return this.budget ? Math.min(NATIVE_MAX_THREADS, Math.max(1, Atomics.load(this.budget, 0))) : this.fixedThreads;
  }

  alloc(n: number): Float32Array {
    const [buffer, offset] = this.reserve(n, 4);
    return new Float32Array(buffer, offset, n);
  }

  allocFloat64(n: number): Float64Array {
    const [buffer, offset] = this.reserve(n, 8);
    return new Float64Array(buffer, offset, n);
  }

  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean, stacked = false): void {
    if (!(isDim(m) && isDim(n) && isDim(k))) throw new RangeError(`native gemm: bad dimensions m=${m} n=${n} k=${k}`);
    check(a, m * k, 'a');
    check(b, k * n, 'b');
    check(c, m * n, 'c');
    const flags = (transA ? 1 : 0) | (transB ? 2 : 0) | (accumulate ? 4 : 0) | (stacked ? 8 : 0);
    this.addon.gemm(this.code, this.threads, flags, m, n, k, a, b, c);
  }

  activation(kind: ActivationKind, rows: number, cols: number, x: Float32Array, bias: Float32Array | null, y: Float32Array, d1: Float32Array, d2: Float32Array | null): void {
    const code = ACTIVATION_CODES[kind];
    if (code === undefined) throw new Error(`native kernels: unknown activation "${kind}"`);
    if (!(isDim(rows) && isDim(cols))) throw new RangeError(`native activation: bad dimensions rows=${rows} cols=${cols}`);
    const n = rows * cols;
    check(x, n, 'x');
    if (bias) check(bias, cols, 'bias');
    check(y, n, 'y');
    check(d1, n, 'd1');
    if (d2) check(d2, n, 'd2');
    this.addon.activation(this.code, this.threads, code, rows, cols, x, bias, y, d1, d2);
  }

  mul(n: number, a: Float32Array, b: Float32Array, out: Float32Array): void {
    this.binary('mul', n, a, b, out);
  }

  mulProduct(rows: number, cols: number, k: number, a: Float32Array, g: Float32Array, w: Float32Array, out: Float32Array): void {
    if (!(isDim(rows) && isDim(cols))) throw new RangeError(`native mulProduct: bad dimensions rows=${rows} cols=${cols}`);
    checkMulProductK(k, 'native');
    check(a, rows * cols, 'a');
    check(g, rows * k, 'g');
    check(w, k * cols, 'w');
    check(out, rows * cols, 'out');
    this.addon.mulProduct(this.code, this.threads, rows, cols, k, a, g, w, out);
  }

  add(n: number, a: Float32Array, b: Float32Array, out: Float32Array): void {
    this.binary('add', n, a, b, out);
  }

  /** out = a ∘ b element by element (`mul` or `add`), after checking the lengths. */
  private binary(op: 'mul' | 'add', n: number, a: Float32Array, b: Float32Array, out: Float32Array): void {
    checkCount(n);
    check(a, n, 'a');
    check(b, n, 'b');
    check(out, n, 'out');
    this.addon[op](this.code, this.threads, n, a, b, out);
  }

  activationDual(n: number, d1: Float32Array, d2: Float32Array, xt: Float32Array, g: Float32Array, gt: Float32Array, out: Float32Array, outT: Float32Array | null): void {
    checkCount(n);
    check(d1, n, 'd1');
    check(d2, n, 'd2');
    check(xt, n, 'xt');
    check(g, n, 'g');
    check(gt, n, 'gt');
    check(out, n, 'out');
    if (outT) check(outT, n, 'outT');
    this.addon.dual(this.code, this.threads, n, d1, d2, xt, g, gt, out, outT);
  }

  addBias(rows: number, cols: number, y: Float32Array, bias: Float32Array): void {
    if (!(isDim(rows) && isDim(cols))) throw new RangeError(`native addBias: bad dimensions rows=${rows} cols=${cols}`);
    check(y, rows * cols, 'y');
    check(bias, cols, 'bias');
    this.addon.addBias(this.code, this.threads, rows, cols, y, bias);
  }

  addColumnSums(rows: number, cols: number, g: Float32Array, acc: Float32Array): void {
    if (!(isDim(rows) && isDim(cols))) throw new RangeError(`native addColumnSums: bad dimensions rows=${rows} cols=${cols}`);
    check(g, rows * cols, 'g');
    check(acc, cols, 'acc');
    this.addon.columnSums(this.code, this.threads, rows, cols, g, acc);
  }

  adam(n: number, value: Float32Array, grad: Float32Array, m: Float64Array, v: Float64Array, s: AdamScalars): void {
    checkCount(n);
    check(value, n, 'value');
    check(grad, n, 'grad');
    check(m, n, 'm', true);
    check(v, n, 'v', true);
    this.addon.adam(this.code, this.threads, n, value, grad, m, v, s.weightDecay, s.beta1, s.beta2, s.stepSize, s.sqrtBc2, s.eps);
  }

  /** A zero-filled buffer with room for n elements of `bytes` bytes from a 64-byte boundary; returns it and that offset. */
  private reserve(n: number, bytes: number): [ArrayBuffer, number] {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`native kernels: alloc size must be a non-negative integer, got ${n}`);
    let buffer: ArrayBuffer;
    try {
      buffer = new ArrayBuffer(n * bytes + ALIGN);
    } catch {
      throw new CapacityError(`native kernels: out of memory (${n * bytes} bytes could not be allocated)`);
    }
    const offset = (ALIGN - this.addon.misalignment(new Uint8Array(buffer, 0, 1))) % ALIGN;
    return [buffer, offset];
  }
}

/** Throws unless `x` is a Float32Array (Float64Array when `f64`) with at least `needed` elements. */
function check(x: Float32Array | Float64Array, needed: number, name: string, f64 = false): void {
  if (!(f64 ? x instanceof Float64Array : x instanceof Float32Array)) {
    throw new TypeError(`native kernels: array '${name}' must be a ${f64 ? 'Float64Array (from allocFloat64)' : 'Float32Array'}`);
  }
  if (x.length < needed) throw new RangeError(`native kernels: array '${name}' has ${x.length} elements, needs ${needed}`);
}

/** Throws unless n is a valid element count. */
function checkCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`native kernels: element count must be a non-negative integer, got ${n}`);
}
