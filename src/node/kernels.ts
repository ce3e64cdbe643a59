import { readFileSync } from 'node:fs';
import { createKernels as createCoreKernels, type KernelOptions, type SelectedKernels } from '../kernels/select.js';
import { createWasmKernels as createCoreWasmKernels, defaultThreads as coreDefaultThreads, type WasmKernelOptions, type WasmKernels } from '../kernels/wasm.js';
import { setKernelBytesSource, type MemoryKind } from '../kernels/wasm-module.js';
import { createNativeKernels, nativeKernelsStatus } from './native-kernels.js';
import { nodeWorkerHost } from './worker-host.js';

/** The package's WebAssembly kernels (dist/wasm/kernels-<kind>.wasm, copied there by the build), or null where absent. */
export function packagedKernelBytes(kind: MemoryKind): Uint8Array | null {
  try {
    return readFileSync(new URL(`../../wasm/kernels-${kind}.wasm`, import.meta.url));
  } catch {
    return null;
  }
}

setKernelBytesSource(packagedKernelBytes);

/** Which float32 kernels to use in Node: native (built at install), WebAssembly SIMD, portable TypeScript, or the best available. */
export type Backend = 'auto' | 'native' | 'wasm' | 'js';

/** Names accepted for a backend in Node. */
export const NODE_BACKENDS: readonly Backend[] = ['auto', 'native', 'wasm', 'js'];

/** Options of a kernel set in Node: the core's, and the native kernels' shared thread budget. */
export interface NodeKernelOptions extends Omit<KernelOptions, 'host'> {
  /** Native kernels only: a shared slot read at every call for its thread count, in place of `threads` (see NativeKernelOptions). */
  readonly threadBudget?: Int32Array;
}

/**
 * A fresh float32 kernel set for one model in Node: `native` (an error where the addon is not built),
 * `wasm` and `js` with worker threads, or `auto`: native where built, else WebAssembly (with `fallback`
 * saying why), else TypeScript.
 */
export function createKernels(backend: Backend = 'auto', options: NodeKernelOptions = {}): SelectedKernels {
  const threads = options.threads !== undefined ? { threads: options.threads } : {};
  if (backend === 'native' || backend === 'auto') {
    const status = nativeKernelsStatus();
    if (status.available) return createNativeKernels({ ...threads, ...(options.threadBudget && { threadBudget: options.threadBudget }) });
    if (backend === 'native') throw new Error(`the native kernels are not available: ${status.reason}`);
    const wasm = createCoreKernels('auto', { ...threads, host: nodeWorkerHost });
    return wasm.fallback ? wasm : Object.assign(wasm, { fallback: { wanted: 'native', reason: status.reason ?? 'not built' } });
  }
  return createCoreKernels(backend, { ...threads, host: nodeWorkerHost });
}

/** A WebAssembly kernel set in Node, with worker threads. */
export function createWasmKernels(options: Omit<WasmKernelOptions, 'host'> = {}): WasmKernels {
  return createCoreWasmKernels({ ...options, host: nodeWorkerHost });
}

/** The default thread count in Node: 2 on a machine with at least 2 cores, else 1. */
export function defaultThreads(): number {
  return coreDefaultThreads(nodeWorkerHost);
}
