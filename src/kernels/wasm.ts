import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  GEMM_ACCUMULATE,
  GEMM_SPLIT_COLUMNS,
  GEMM_THIN_SHIFT,
  GEMM_TRANS_A,
  GEMM_TRANS_B,
  D_ARGS,
  MAX_PARTS,
  Op,
  thinMode,
  type KernelExports,
} from './parallel.js';
import { threadPool, type PoolMember, type ThreadPool } from './thread-pool.js';
import type { ActivationKind, AdamScalars, Kernels } from './types.js';

/**
 * WebAssembly SIMD (f32x4) kernels, compiled from asm/ (gemm.ts, elementwise.ts) into
 * build/kernels.wasm by scripts/build-wasm.mjs. Each kernel set owns one shared WebAssembly.Memory;
 * `alloc` hands out zero-filled Float32Array views of it (a bump allocator: nothing is freed), and
 * every kernel only accepts views of that memory. Growing the memory never detaches earlier views
 * (shared memories do not detach), so arrays stay valid for the life of the kernel set. Large calls
 * are split across worker threads that instantiate the same module over the same memory
 * (src/kernels/thread-pool.ts); the splits never change a result's bits.
 */

/** Path of the compiled module: <package root>/build/kernels.wasm (this file is dist/src/kernels/wasm.js). */
export const wasmPath = fileURLToPath(new URL('../../../build/kernels.wasm', import.meta.url));

// The project compiles against lib ES2022 without DOM types, so the few WebAssembly JS-API members
// used here are typed locally rather than through a global declaration.
/** A compiled WebAssembly module (opaque). */
interface WasmModule {
  readonly __wasmModule?: never;
}
/** A WebAssembly.Memory created with `shared: true`. */
interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(deltaPages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  compile(bytes: Uint8Array): Promise<WasmModule>;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65536;
/** Largest memory the module declares (must match --maximumMemory in scripts/build-wasm.mjs). */
const MODULE_MAX_PAGES = 65536;
/** Default cap per kernel set (1 GiB): shared memories reserve their maximum address space up front. */
const DEFAULT_MAX_PAGES = 16384;
/** Alignment (bytes) of every allocation and of the scratch region. */
const ALIGN = 64;

/** Options of a WebAssembly kernel set. */
export interface WasmKernelOptions {
  /** Upper bound of the memory in 64 KiB pages (default 16384 = 1 GiB; largest 65536 = 4 GiB). */
  maximumPages?: number;
  /**
   * Threads one call may use, the calling thread included (default `defaultThreads()`). Large
   * products and element-wise maps are split by output rows or columns; results are bit-identical
   * whatever the number of threads.
   */
  threads?: number;
}

/** Most threads a kernel set may use. */
export const MAX_THREADS = 16;

/**
 * The default thread count: 2 when the machine has at least 2 cores (measured on the training
 * shapes, see README "Performance"), else 1.
 */
export function defaultThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

let cachedModule: WasmModule | undefined;
let cachedAvailable: boolean | undefined;

function moduleSync(): WasmModule {
  if (!cachedModule) {
    if (!existsSync(wasmPath)) throw new Error(`wasm kernels: ${wasmPath} not found (run \`npm run build\`)`);
    cachedModule = new WA.Module(readFileSync(wasmPath));
  }
  return cachedModule;
}

async function moduleAsync(): Promise<WasmModule> {
  if (!cachedModule) {
    if (!existsSync(wasmPath)) throw new Error(`wasm kernels: ${wasmPath} not found (run \`npm run build\`)`);
    const compiled = await WA.compile(await readFile(wasmPath));
    cachedModule ??= compiled;
  }
  return cachedModule;
}

/**
 * Whether the WebAssembly kernels can run here: build/kernels.wasm exists and this runtime compiles
 * WebAssembly SIMD with a shared memory. Callers fall back to the JS kernels otherwise.
 */
export function wasmAvailable(): boolean {
  if (cachedAvailable === undefined) {
    try {
      const k = new WasmKernels(moduleSync(), { threads: 1 });
      // A tiny product proves the instance really runs.
      const a = k.alloc(4), c = k.alloc(1);
      a.set([1, 2, 3, 4]);
      k.gemm(false, true, 1, 1, 2, a, a.subarray(2), c, false);
      cachedAvailable = c[0] === 11;
    } catch {
      cachedAvailable = false;
    }
  }
  return cachedAvailable;
}

/** A WebAssembly kernel set, compiling the module on first use (asynchronously). */
export async function createWasmKernels(options: WasmKernelOptions = {}): Promise<WasmKernels> {
  return new WasmKernels(await moduleAsync(), options);
}

/** A WebAssembly kernel set, compiling the module on first use (synchronously). */
export function createWasmKernelsSync(options: WasmKernelOptions = {}): WasmKernels {
  return new WasmKernels(moduleSync(), options);
}

const align = (x: number): number => Math.ceil(x / ALIGN) * ALIGN;

/** Activation codes of asm/elementwise.ts. */
const ACTIVATION_CODES: Record<ActivationKind, number> = { tanh: 0, relu: 1, softplus: 2, sigmoid: 3 };

/**
 * Smallest product (multiply-adds m·n·k) worth splitting across threads. Low enough to split the
 * two-body HNN's 200×200×2 and 200×2×200 products: each thread then writes (or reads) the half of the
 * 200×200 activations it holds anyway (measured: two-body HNN step −0.7% against 1 << 18).
 */
const PARALLEL_GEMM_MACS = 1 << 16;
/** Smallest element-wise map (elements) worth splitting across threads. */
const PARALLEL_ELEMENTS = 1 << 14;
/**
 * Parts per thread of a split element-wise call: parts are claimed dynamically, so more parts than
 * threads let the caller take over more of the work when a worker is slow (its core busy elsewhere).
 */
const PARTS_PER_THREAD = 2;
/** Smallest Adam update (parameters) worth splitting across threads. */
const PARALLEL_ADAM = 1 << 14;

/** Float32 kernels running in WebAssembly SIMD over this set's own shared memory. */
export class WasmKernels implements Kernels<Float32Array> {
  readonly name = 'wasm';
  readonly dtype = 'float32' as const;
  /** Threads one call may use (the calling thread included). */
  readonly threads: number;
  /** The linear memory every array of this kernel set lives in. */
  readonly memory: WasmMemory;
  private readonly module: WasmModule;
  private readonly exports: KernelExports;
  private readonly maximumPages: number;
  /** Byte offset of this set's gemm packing space (`threads` regions of scratchBytes() each). */
  private readonly scratch: number;
  private readonly scratchStride: number;
  /** Largest inner dimension the thin-product path takes. */
  private readonly thinMaxK: number;
  /** Next free byte (bump allocator). */
  private top: number;
  /** Every SharedArrayBuffer object this memory has handed out (a new one after each grow). */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private buffer: SharedArrayBuffer;
  private pool: ThreadPool | null = null;
  private member: PoolMember | null = null;
  /** Set when worker threads could not be started: every call then runs on the calling thread. */
  private noWorkers = false;

  /** Use createWasmKernels / createWasmKernelsSync. */
  constructor(module: WasmModule, options: WasmKernelOptions = {}) {
    const maximumPages = options.maximumPages ?? DEFAULT_MAX_PAGES;
    if (!Number.isInteger(maximumPages) || maximumPages < 1 || maximumPages > MODULE_MAX_PAGES) {
      throw new RangeError(`wasm kernels: maximumPages must be an integer in [1, ${MODULE_MAX_PAGES}], got ${maximumPages}`);
    }
    const threads = options.threads ?? defaultThreads();
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
      throw new RangeError(`wasm kernels: threads must be an integer in [1, ${MAX_THREADS}], got ${threads}`);
    }
    this.threads = threads;
    this.module = module;
    this.maximumPages = maximumPages;
    this.memory = new WA.Memory({ initial: 1, maximum: maximumPages, shared: true });
    const instance = new WA.Instance(module, { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as KernelExports;
    this.buffer = this.memory.buffer as SharedArrayBuffer;
    this.buffers.add(this.buffer);
    this.scratch = align(Math.max(this.exports.heapBase(), ALIGN));
    this.scratchStride = align(this.exports.scratchBytes());
    this.thinMaxK = this.exports.thinMaxK();
    this.top = this.scratch + threads * this.scratchStride;
    this.ensure(this.top);
  }

  /** Bytes of linear memory in use (static data, scratch and every allocation so far). */
  get bytesUsed(): number {
    return this.top;
  }

  alloc(n: number): Float32Array {
    const offset = this.reserve(n, 4);
    const view = new Float32Array(this.buffer, offset, n);
    view.fill(0); // fresh memory is zero already; this keeps the contract explicit
    return view;
  }

  allocFloat64(n: number): Float64Array {
    const offset = this.reserve(n, 8);
    const view = new Float64Array(this.buffer, offset, n);
    view.fill(0);
    return view;
  }

  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    accumulate: boolean,
  ): void {
    if (!(isDim(m) && isDim(n) && isDim(k))) throw new RangeError(`wasm gemm: bad dimensions m=${m} n=${n} k=${k}`);
    this.check(a, m * k, 'a');
    this.check(b, k * n, 'b');
    this.check(c, m * n, 'c');
    const pa = a.byteOffset, pb = b.byteOffset, pc = c.byteOffset;
    // Split the output by rows (or, when it is wider than tall, by columns) into one part per thread.
    // One part per thread: each part packs its own copy of op(B) (or op(A)), so products are split
    // as little as possible (measured: 2–3% faster than two parts per thread on the training shapes).
    const parts = m * n * k >= PARALLEL_GEMM_MACS ? this.partsFor(Math.ceil(Math.max(m, n) / 16), 1) : 1;
    const thin = thinMode(m, n, k, this.thinMaxK);
    if (parts <= 1) {
      this.exports.gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, pa, pb, pc, accumulate ? 1 : 0, thin, this.scratch);
      return;
    }
    const flags =
      (transA ? GEMM_TRANS_A : 0) | (transB ? GEMM_TRANS_B : 0) | (accumulate ? GEMM_ACCUMULATE : 0) | (n > m ? GEMM_SPLIT_COLUMNS : 0) | (thin << GEMM_THIN_SHIFT);
    this.parallel(Op.Gemm, parts, [flags, m, n, k, pa, pb, pc]);
  }

  activation(kind: ActivationKind, rows: number, cols: number, x: Float32Array, bias: Float32Array | null, y: Float32Array, d1: Float32Array, d2: Float32Array): void {
    const code = ACTIVATION_CODES[kind];
    if (code === undefined) throw new Error(`wasm kernels: unknown activation "${kind}"`);
    const n = rows * cols;
    this.check(x, n, 'x');
    if (bias) this.check(bias, cols, 'bias');
    this.check(y, n, 'y');
    this.check(d1, n, 'd1');
    this.check(d2, n, 'd2');
    const px = x.byteOffset, pb = bias ? bias.byteOffset : 0, py = y.byteOffset, p1 = d1.byteOffset, p2 = d2.byteOffset;
    const parts = n >= PARALLEL_ELEMENTS ? this.partsFor(rows) : 1;
    if (parts <= 1) {
      this.exports.activation(code, rows, cols, px, pb, py, p1, p2);
      return;
    }
    this.parallel(Op.Activation, parts, [code, rows, cols, px, pb, py, p1, p2]);
  }

  mul(n: number, a: Float32Array, b: Float32Array, out: Float32Array): void {
    this.binary(Op.Mul, n, a, b, out);
  }

  add(n: number, a: Float32Array, b: Float32Array, out: Float32Array): void {
    this.binary(Op.Add, n, a, b, out);
  }

  activationDual(n: number, d1: Float32Array, d2: Float32Array, xt: Float32Array, g: Float32Array, gt: Float32Array, out: Float32Array, outT: Float32Array | null): void {
    for (const [x, name] of [[d1, 'd1'], [d2, 'd2'], [xt, 'xt'], [g, 'g'], [gt, 'gt'], [out, 'out']] as const) this.check(x, n, name);
    if (outT) this.check(outT, n, 'outT');
    const p = [d1.byteOffset, d2.byteOffset, xt.byteOffset, g.byteOffset, gt.byteOffset, out.byteOffset, outT ? outT.byteOffset : 0] as const;
    const parts = n >= PARALLEL_ELEMENTS ? this.partsFor(Math.ceil(n / 16)) : 1;
    if (parts <= 1) {
      this.exports.dual(n, p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
      return;
    }
    this.parallel(Op.Dual, parts, [n, ...p]);
  }

  addBias(rows: number, cols: number, y: Float32Array, bias: Float32Array): void {
    this.check(y, rows * cols, 'y');
    this.check(bias, cols, 'bias');
    const py = y.byteOffset, pb = bias.byteOffset;
    const parts = rows * cols >= PARALLEL_ELEMENTS ? this.partsFor(rows) : 1;
    if (parts <= 1) {
      this.exports.addBias(rows, cols, py, pb);
      return;
    }
    this.parallel(Op.AddBias, parts, [rows, cols, py, pb]);
  }

  addColumnSums(rows: number, cols: number, g: Float32Array, acc: Float32Array): void {
    this.check(g, rows * cols, 'g');
    this.check(acc, cols, 'acc');
    const pg = g.byteOffset, pa = acc.byteOffset;
    const parts = rows * cols >= PARALLEL_ELEMENTS ? this.partsFor(Math.ceil(cols / 16)) : 1;
    if (parts <= 1) {
      this.exports.columnSums(rows, cols, 0, cols, pg, pa);
      return;
    }
    this.parallel(Op.ColumnSums, parts, [rows, cols, pg, pa]);
  }

  adam(n: number, value: Float32Array, grad: Float32Array, m: Float64Array, v: Float64Array, s: AdamScalars): void {
    this.check(value, n, 'value');
    this.check(grad, n, 'grad');
    this.check(m, n, 'm', true);
    this.check(v, n, 'v', true);
    const pv = value.byteOffset, pg = grad.byteOffset, pm = m.byteOffset, pw = v.byteOffset;
    const parts = n >= PARALLEL_ADAM ? this.partsFor(Math.ceil(n / 16)) : 1;
    if (parts <= 1) {
      this.exports.adam(n, pv, pg, pm, pw, s.weightDecay, s.beta1, s.beta2, s.stepSize, s.sqrtBc2, s.eps);
      return;
    }
    this.parallel(Op.Adam, parts, [n, pv, pg, pm, pw], [s.weightDecay, s.beta1, s.beta2, s.stepSize, s.sqrtBc2, s.eps]);
  }

  /** out = a ∘ b for the element-wise op `op` (Mul or Add). */
  private binary(op: Op.Mul | Op.Add, n: number, a: Float32Array, b: Float32Array, out: Float32Array): void {
    this.check(a, n, 'a');
    this.check(b, n, 'b');
    this.check(out, n, 'out');
    const pa = a.byteOffset, pb = b.byteOffset, po = out.byteOffset;
    const parts = n >= PARALLEL_ELEMENTS ? this.partsFor(Math.ceil(n / 16)) : 1;
    if (parts <= 1) {
      if (op === Op.Mul) this.exports.mul(n, pa, pb, po);
      else this.exports.add(n, pa, pb, po);
      return;
    }
    this.parallel(op, parts, [n, pa, pb, po]);
  }

  /**
   * Parts to split a call worth splitting into, at most `units` (rows, column blocks…); 1 when this
   * set is single-threaded or its pool's workers are paused (found slow).
   */
  private partsFor(units: number, perThread = PARTS_PER_THREAD): number {
    if (this.threads <= 1 || units <= 1 || this.noWorkers) return 1;
    if (!this.pool) {
      try {
        this.pool = this.startPool();
      } catch {
        // No worker threads here (e.g. a runtime without worker_threads): run on this thread.
        this.noWorkers = true;
        return 1;
      }
    }
    if (!this.pool.helping()) return 1;
    return Math.min(this.threads * perThread, MAX_PARTS, units);
  }

  /** This set's thread pool, its workers started and its memory registered. */
  private startPool(): ThreadPool {
    const pool = threadPool(this.module);
    pool.ensureWorkers(this.threads - 1);
    this.member = pool.register(this, this.memory, this.exports);
    return pool;
  }

  /**
   * Runs a job in `parts` parts on this set's threads (the pool exists: `partsFor` started it): its
   * integer arguments in order from D_ARGS (parallel.ts `runPart` reads them there), its float64
   * arguments (Adam's scalars) in the float64 slots.
   */
  private parallel(op: Op, parts: number, ints: readonly number[], floats: readonly number[] = []): void {
    this.pool!.run(this.member!, op, parts, this.threads, this.scratch, this.scratchStride, (d, f) => {
      d.set(ints, D_ARGS);
      f.set(floats);
    });
  }

  /** Reserves n elements of `bytes` bytes each; returns the byte offset. */
  private reserve(n: number, bytes: number): number {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`wasm kernels: alloc size must be a non-negative integer, got ${n}`);
    const offset = this.top;
    const end = offset + n * bytes;
    this.ensure(end);
    this.top = align(end);
    return offset;
  }

  /** Throws unless `x` is a Float32Array (Float64Array when `f64`) view of this set's memory with ≥ `needed` elements. */
  private check(x: Float32Array | Float64Array, needed: number, name: string, f64 = false): void {
    const typed = f64 ? x instanceof Float64Array : x instanceof Float32Array;
    if (typed && !this.buffers.has(x.buffer)) this.refreshBuffer();
    if (!typed || !this.buffers.has(x.buffer)) {
      const type = f64 ? 'Float64Array' : 'Float32Array';
      throw new Error(`wasm kernels: array '${name}' is not a ${type} in this kernel set's memory; arrays must come from this kernel set's alloc${f64 ? 'Float64' : ''} (or be subarray views of them)`);
    }
    if (x.length < needed) throw new RangeError(`wasm kernels: array '${name}' has ${x.length} elements, needs ${needed}`);
  }

  /** Grows the memory (at least doubling, up to the maximum) so that bytes [0, end) exist. */
  private ensure(end: number): void {
    this.refreshBuffer();
    const have = this.buffer.byteLength;
    if (end <= have) return;
    const pages = have / PAGE;
    const needed = Math.ceil(end / PAGE);
    if (needed > this.maximumPages) {
      throw new RangeError(`wasm kernels: out of memory (${end} bytes needed, maximum ${this.maximumPages * PAGE})`);
    }
    const target = Math.min(this.maximumPages, Math.max(needed, pages * 2));
    this.memory.grow(target - pages);
    this.refreshBuffer();
  }

  /** Picks up the memory's current buffer object (a new one after any grow, here or elsewhere). */
  private refreshBuffer(): void {
    const current = this.memory.buffer as SharedArrayBuffer;
    if (current !== this.buffer) {
      this.buffer = current;
      this.buffers.add(current);
    }
  }
}

const isDim = (x: number): boolean => Number.isInteger(x) && x >= 0 && x <= 0x7fffffff;
