import { createKernels as createCoreKernels, type Backend, type KernelOptions, type SelectedKernels } from '../kernels/select.js';
import { createWasmKernels as createCoreWasmKernels, defaultThreads as coreDefaultThreads, type WasmKernelOptions, type WasmKernels } from '../kernels/wasm.js';
import { nodeWorkerHost } from './worker-host.js';

/** A fresh float32 kernel set for one model in Node, with worker threads (see the core's `createKernels`). */
export function createKernels(backend: Backend = 'auto', options: Omit<KernelOptions, 'host'> = {}): SelectedKernels {
  return createCoreKernels(backend, { ...options, host: nodeWorkerHost });
}

/** A WebAssembly kernel set in Node, with worker threads. */
export function createWasmKernels(options: Omit<WasmKernelOptions, 'host'> = {}): WasmKernels {
  return createCoreWasmKernels({ ...options, host: nodeWorkerHost });
}

/** The default thread count in Node: 2 on a machine with at least 2 cores, else 1. */
export function defaultThreads(): number {
  return coreDefaultThreads(nodeWorkerHost);
}

export type { Backend } from '../kernels/select.js';
