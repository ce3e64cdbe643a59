import { JsKernels } from './js.js';
import type { Kernels } from './types.js';
import { createWasmKernelsSync, wasmAvailable } from './wasm.js';

/** Which float32 kernels to use: WebAssembly SIMD, portable TypeScript, or the best available. */
export type Backend = 'auto' | 'wasm' | 'js';

/** Names accepted for a backend. */
export const BACKENDS: readonly Backend[] = ['auto', 'wasm', 'js'];

/** Options of `createKernels`. */
export interface KernelOptions {
  /**
   * Threads one kernel call may use, the calling thread included (WebAssembly only; default: 2 on a
   * machine with at least 2 cores, else 1). Results are bit-identical for every thread count.
   */
  readonly threads?: number;
}

/** A fresh float32 kernel set for one model; `auto` prefers WebAssembly and falls back to TypeScript. */
export function createKernels(backend: Backend = 'auto', options: KernelOptions = {}): Kernels<Float32Array> {
  if (backend === 'js') return new JsKernels<Float32Array>('float32');
  const wasmOptions = options.threads !== undefined ? { threads: options.threads } : {};
  if (wasmAvailable()) return createWasmKernelsSync(wasmOptions);
  if (backend === 'wasm') throw new Error('the WebAssembly kernels are not available (build/kernels.wasm missing or SIMD unsupported); run `npm run build` or use --backend js');
  return new JsKernels<Float32Array>('float32');
}
