import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Kernels } from './types.js';

/**
 * WebAssembly SIMD (f32x4) kernels, compiled from asm/gemm.ts into build/kernels.wasm by
 * scripts/build-wasm.mjs. Each kernel set owns one shared WebAssembly.Memory; `alloc` hands out
 * zero-filled Float32Array views of it (a bump allocator: nothing is freed), and `gemm` only accepts
 * views of that memory. Growing the memory never detaches earlier views (shared memories do not
 * detach), so arrays stay valid for the life of the kernel set.
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

/** The exports of build/kernels.wasm. */
interface GemmExports {
  gemm(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    a: number,
    b: number,
    c: number,
    accumulate: number,
    scratch: number,
  ): void;
  scratchBytes(): number;
  heapBase(): number;
}

/** Options of a WebAssembly kernel set. */
export interface WasmKernelOptions {
  /** Upper bound of the memory in 64 KiB pages (default 16384 = 1 GiB; largest 65536 = 4 GiB). */
  maximumPages?: number;
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
      const k = new WasmKernels(moduleSync());
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

/** Float32 kernels running in WebAssembly SIMD over this set's own shared memory. */
export class WasmKernels implements Kernels<Float32Array> {
  readonly name = 'wasm';
  readonly dtype = 'float32' as const;
  /** The linear memory every array of this kernel set lives in. */
  readonly memory: WasmMemory;
  private readonly exports: GemmExports;
  private readonly maximumPages: number;
  /** Byte offset of this set's gemm packing space (scratchBytes() long). */
  private readonly scratch: number;
  /** Next free byte (bump allocator). */
  private top: number;
  /** Every SharedArrayBuffer object this memory has handed out (a new one after each grow). */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private buffer: SharedArrayBuffer;

  /** Use createWasmKernels / createWasmKernelsSync. */
  constructor(module: WasmModule, options: WasmKernelOptions = {}) {
    const maximumPages = options.maximumPages ?? DEFAULT_MAX_PAGES;
    if (!Number.isInteger(maximumPages) || maximumPages < 1 || maximumPages > MODULE_MAX_PAGES) {
      throw new RangeError(`wasm kernels: maximumPages must be an integer in [1, ${MODULE_MAX_PAGES}], got ${maximumPages}`);
    }
    this.maximumPages = maximumPages;
    this.memory = new WA.Memory({ initial: 1, maximum: maximumPages, shared: true });
    const instance = new WA.Instance(module, { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as GemmExports;
    this.buffer = this.memory.buffer as SharedArrayBuffer;
    this.buffers.add(this.buffer);
    this.scratch = align(Math.max(this.exports.heapBase(), ALIGN));
    this.top = align(this.scratch + this.exports.scratchBytes());
    this.ensure(this.top);
  }

  /** Bytes of linear memory in use (static data, scratch and every allocation so far). */
  get bytesUsed(): number {
    return this.top;
  }

  alloc(n: number): Float32Array {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`wasm kernels: alloc size must be a non-negative integer, got ${n}`);
    const offset = this.top;
    const end = offset + n * 4;
    this.ensure(end);
    this.top = align(end);
    const view = new Float32Array(this.buffer, offset, n);
    view.fill(0); // fresh memory is zero already; this keeps the contract explicit
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
    this.exports.gemm(
      transA ? 1 : 0,
      transB ? 1 : 0,
      m,
      n,
      k,
      a.byteOffset,
      b.byteOffset,
      c.byteOffset,
      accumulate ? 1 : 0,
      this.scratch,
    );
  }

  private check(x: Float32Array, needed: number, name: string): void {
    if (x instanceof Float32Array && !this.buffers.has(x.buffer)) this.refreshBuffer();
    if (!(x instanceof Float32Array) || !this.buffers.has(x.buffer)) {
      throw new Error(`wasm gemm: array '${name}' is not in this kernel set's memory; arrays must come from this kernel set's alloc (or subarray views of them)`);
    }
    if (x.length < needed) throw new RangeError(`wasm gemm: array '${name}' has ${x.length} elements, needs ${needed}`);
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
