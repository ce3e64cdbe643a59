import { JsKernels } from './js.js';
import type { Kernels } from './types.js';
import { createWasmKernels, wasmUnavailableReason } from './wasm.js';
import type { KernelWorkerHost } from './worker-host.js';

/** Which float32 kernels to use: WebAssembly SIMD, portable TypeScript, or the best available. */
export type Backend = 'auto' | 'wasm' | 'js';

/** Names accepted for a backend by `createKernels` of the core. */
export const BACKENDS: readonly Backend[] = ['auto', 'wasm', 'js'];

/** Options of `createKernels`. */
export interface KernelOptions {
  /**
   * Threads one kernel call may use, the calling thread included (WebAssembly only; default: 2 where
   * the host offers worker threads and 2 cores, else 1). Results are bit-identical for every count.
   */
  readonly threads?: number;
  /** Where worker threads come from (default: Web Workers where a page allows them; `hnn/node` passes worker_threads). */
  readonly host?: KernelWorkerHost | null;
}

/** The kernels that ran instead of those asked for, and why. */
export interface KernelFallback {
  readonly wanted: string;
  readonly reason: string;
}

/** A float32 kernel set, with the fallback taken to make it (if any). */
export type SelectedKernels = Kernels<Float32Array> & { readonly fallback?: KernelFallback };

/**
 * A fresh float32 kernel set for one model: `wasm` (an error where WebAssembly SIMD cannot run), `js`,
 * or `auto`, WebAssembly where it runs, else TypeScript with `fallback` saying why.
 */
export function createKernels(backend: Backend = 'auto', options: KernelOptions = {}): SelectedKernels {
  if (backend === 'js') return new JsKernels<Float32Array>('float32');
  const reason = wasmUnavailableReason();
  if (reason === null) return createWasmKernels({ ...(options.threads !== undefined && { threads: options.threads }), ...(options.host !== undefined && { host: options.host }) });
  if (backend === 'wasm') throw new Error(`the WebAssembly kernels cannot run here: ${reason}`);
  return Object.assign(new JsKernels<Float32Array>('float32'), { fallback: { wanted: 'wasm', reason } });
}
