import { CapacityError } from '../core/errors.js';
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
import { mulProductInPlace } from './mul-product.js';
import { threadPool, type PoolMember, type ThreadPool } from './thread-pool.js';
import type { ActivationKind, AdamScalars, Kernels } from './types.js';
import { compileKernels, kernelModule, sharedMemoryUsable, WA, type MemoryKind, type WasmMemory, type WasmModule } from './wasm-module.js';
import { browserWorkerHost, type KernelWorkerHost } from './worker-host.js';

/**
 * WebAssembly SIMD (f32x4) kernels, compiled from asm/ (gemm.ts, elementwise.ts) and embedded in the
 * package (src/kernels/wasm-module.ts). Each kernel set owns one WebAssembly.Memory; `alloc` hands
 * out zero-filled views of it (a bump allocator: nothing is freed), and every kernel only accepts
 * views of that memory. Where shared memory is usable the memory is shared: growing it never detaches
 * earlier views, and large calls can be split across worker threads that instantiate the same module
 * over the same memory (src/kernels/thread-pool.ts); the splits never change a result's bits. Elsewhere
 * (a browser page that is not cross-origin isolated) the memory is plain and allocated at its full
 * size up front, and every call runs on the calling thread.
 */

const PAGE = 65536;
/** Largest memory the module declares (must match --maximumMemory in scripts/build-wasm.mjs). */
const MODULE_MAX_PAGES = 65536;
/** Default cap of a shared memory (1 GiB): shared memories reserve their maximum address space up front. */
const DEFAULT_SHARED_PAGES = 16384;
/** Default size of a plain memory (256 MiB), allocated at once: a plain memory's views detach when it grows. */
const DEFAULT_PLAIN_PAGES = 4096;
/** Alignment (bytes) of every allocation and of the scratch region. */
const ALIGN = 64;

/** Options of a WebAssembly kernel set. */
export interface WasmKernelOptions {
  /** Size cap of the memory in 64 KiB pages (default 16384 = 1 GiB when shared, 4096 = 256 MiB when plain; largest 65536 = 4 GiB). */
  maximumPages?: number;
  /**
   * Threads one call may use, the calling thread included (default `defaultThreads(host)`). Large
   * products and element-wise maps are split by output rows or columns; results are bit-identical
   * whatever the number of threads.
   */
  threads?: number;
  /** Where worker threads come from (default: Web Workers where a page allows them, else none). */
  host?: KernelWorkerHost | null;
}

/** Most threads a kernel set may use. */
export const MAX_THREADS = 16;

/** The default thread count: 2 when the host has at least 2 cores, else 1 (1 without a host). */
export function defaultThreads(host: KernelWorkerHost | null): number {
  return host ? Math.max(1, Math.min(2, host.cores)) : 1;
}

/** How long `initKernels` waits for the kernel threads to start (ms). */
const THREAD_START_MS = 10_000;

/**
 * Compiles the kernels asynchronously and, where this thread gets Web Workers (a worker of a
 * cross-origin isolated page), starts its kernel threads and waits until they run: a browser starts a
 * worker only after its creator returns to its event loop, so a thread that then trains without
 * yielding would run alone. Call it before `createKernels` on a browser's main thread or in a worker
 * that trains; harmless elsewhere. `threads` as `createKernels` takes them.
 */
export async function initKernels(options: Pick<WasmKernelOptions, 'threads' | 'host'> = {}): Promise<void> {
  await compileKernels();
  const host = options.host === undefined ? browserWorkerHost() : options.host;
  const threads = options.threads ?? defaultThreads(host);
  if (!host || threads < 2 || !sharedMemoryUsable()) return;
  const pool = threadPool(kernelModule('shared'), host);
  pool.ensureWorkers(threads - 1);
  await pool.started(threads - 1, THREAD_START_MS);
}

let cachedAvailable: string | null | undefined;

/**
 * Why the WebAssembly kernels cannot run here (no WebAssembly, no SIMD…), or null when they can:
 * a tiny product proves that an instance really runs.
 */
export function wasmUnavailableReason(): string | null {
  if (cachedAvailable === undefined) {
    try {
      const k = new WasmKernels({ threads: 1, host: null, maximumPages: 64 });
      const a = k.alloc(4), c = k.alloc(1);
      a.set([1, 2, 3, 4]);
      k.gemm(false, true, 1, 1, 2, a, a.subarray(2), c, false);
      cachedAvailable = c[0] === 11 ? null : 'a test product gave a wrong result';
    } catch (e) {
      cachedAvailable = e instanceof Error ? e.message : String(e);
    }
  }
  return cachedAvailable;
}

/** Whether the WebAssembly kernels can run here. */
export function wasmAvailable(): boolean {
  return wasmUnavailableReason() === null;
}

/** A WebAssembly kernel set (synchronous; on a browser's main thread call `initKernels` first). */
export function createWasmKernels(options: WasmKernelOptions = {}): WasmKernels {
  return new WasmKernels(options);
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
  /** Where this set's worker threads come from (null: single-threaded). */
  private readonly host: KernelWorkerHost | null;
  /** Byte offset of this set's gemm packing space (`threads` regions of scratchBytes() each). */
  private readonly scratch: number;
  private readonly scratchStride: number;
  /** Largest inner dimension the thin-product path takes. */
  private readonly thinMaxK: number;
  /** Next free byte (bump allocator). */
  private top: number;
  /** Every SharedArrayBuffer object this memory has handed out (a new one after each grow). */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private buffer: ArrayBufferLike;
  private pool: ThreadPool | null = null;
  private member: PoolMember | null = null;
  /** Set when worker threads could not be started: every call then runs on the calling thread. */
  private noWorkers = false;

  /** A kernel set with its own memory (see `WasmKernelOptions`). */
  constructor(options: WasmKernelOptions = {}) {
    const host = options.host === undefined ? browserWorkerHost() : options.host;
    const threads = options.threads ?? defaultThreads(host);
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
      throw new RangeError(`wasm kernels: threads must be an integer in [1, ${MAX_THREADS}], got ${threads}`);
    }
    const kind: MemoryKind = sharedMemoryUsable() ? 'shared' : 'plain';
    if (threads > 1 && (kind !== 'shared' || !host)) {
      throw new RangeError(`wasm kernels: ${threads} threads need worker threads and shared memory, which this runtime does not offer here (use hnn/node in Node, or a cross-origin isolated page's Web Worker)`);
    }
    const maximumPages = options.maximumPages ?? (kind === 'shared' ? DEFAULT_SHARED_PAGES : DEFAULT_PLAIN_PAGES);
    if (!Number.isInteger(maximumPages) || maximumPages < 1 || maximumPages > MODULE_MAX_PAGES) {
      throw new RangeError(`wasm kernels: maximumPages must be an integer in [1, ${MODULE_MAX_PAGES}], got ${maximumPages}`);
    }
    this.threads = threads;
    this.host = threads > 1 ? host : null;
    this.module = kernelModule(kind);
    this.maximumPages = maximumPages;
    this.memory = new WA!.Memory(kind === 'shared' ? { initial: 1, maximum: maximumPages, shared: true } : { initial: maximumPages, maximum: maximumPages });
    const instance = new WA!.Instance(this.module, { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as KernelExports;
    this.buffer = this.memory.buffer;
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
    // Memory past `top` was never handed out, and WebAssembly memory starts zero: the view is zero.
    return new Float32Array(this.buffer, offset, n);
  }

  allocFloat64(n: number): Float64Array {
    const offset = this.reserve(n, 8);
    return new Float64Array(this.buffer, offset, n);
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

  activation(kind: ActivationKind, rows: number, cols: number, x: Float32Array, bias: Float32Array | null, y: Float32Array, d1: Float32Array, d2: Float32Array | null): void {
    const code = ACTIVATION_CODES[kind];
    if (code === undefined) throw new Error(`wasm kernels: unknown activation "${kind}"`);
    const n = rows * cols;
    this.check(x, n, 'x');
    if (bias) this.check(bias, cols, 'bias');
    this.check(y, n, 'y');
    this.check(d1, n, 'd1');
    if (d2) this.check(d2, n, 'd2');
    const px = x.byteOffset, pb = bias ? bias.byteOffset : 0, py = y.byteOffset, p1 = d1.byteOffset, p2 = d2 ? d2.byteOffset : 0;
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

  mulProduct(rows: number, cols: number, k: number, a: Float32Array, g: Float32Array, w: Float32Array, out: Float32Array): void {
    mulProductInPlace(this, rows, cols, k, a, g, w, out);
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
    if (this.threads <= 1 || units <= 1 || this.noWorkers || !this.host) return 1;
    if (!this.pool) {
      try {
        this.pool = this.startPool();
      } catch {
        // The host could not start workers: run on this thread.
        this.noWorkers = true;
        return 1;
      }
    }
    if (!this.pool.helping()) return 1;
    return Math.min(this.threads * perThread, MAX_PARTS, units);
  }

  /** This set's thread pool, its workers started and its memory registered. */
  private startPool(): ThreadPool {
    const pool = threadPool(this.module, this.host!);
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
      throw new CapacityError(`wasm kernels: out of memory (${end} bytes needed, maximum ${this.maximumPages * PAGE})`);
    }
    const target = Math.min(this.maximumPages, Math.max(needed, pages * 2));
    this.memory.grow(target - pages);
    this.refreshBuffer();
  }

  /** Picks up the memory's current buffer object (a new one after any grow, here or elsewhere). */
  private refreshBuffer(): void {
    const current = this.memory.buffer;
    if (current !== this.buffer) {
      this.buffer = current;
      this.buffers.add(current);
    }
  }
}

const isDim = (x: number): boolean => Number.isInteger(x) && x >= 0 && x <= 0x7fffffff;
