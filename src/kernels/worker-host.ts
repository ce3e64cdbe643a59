import { WEB_WORKER_SOURCE } from './generated/web-worker-source.js';
import type { WasmModule } from './wasm-module.js';

/** What a pool worker receives at start-up. */
export interface WorkerSetup {
  readonly control: SharedArrayBuffer;
  readonly module: WasmModule;
  /** Thread index (1, 2, …; the calling thread is 0). */
  readonly index: number;
  /** Microseconds a worker keeps spinning for the next job before it sleeps. */
  readonly spinMicros: number;
}

/** Messages to a worker: a memory to instantiate the kernels over, or one to forget. */
export type PoolMessage = { readonly type: 'add'; readonly id: number; readonly memory: unknown } | { readonly type: 'drop'; readonly id: number };

/** A started worker, as the pool talks to it. */
export interface WorkerHandle {
  post(message: PoolMessage): void;
}

/**
 * Where the kernel thread pool gets its threads and its load signals: Node's worker_threads
 * (`hnn/node`) or a browser's Web Workers (`browserWorkerHost`).
 */
export interface KernelWorkerHost {
  /** Starts a worker running the kernel worker loop (src/kernels/worker-loop.ts) with this setup. */
  start(setup: WorkerSetup): WorkerHandle;
  /** Cores of the machine. */
  readonly cores: number;
  /** CPU time (µs) of the whole process so far, or null where it cannot be read. */
  cpuMicros(): number | null;
  /** Threads the machine has ready to run now, or null where it cannot tell. */
  runnableThreads(): number | null;
}

/** Browser globals used here (the project compiles without DOM types). */
interface BrowserGlobals {
  Worker?: new (url: string) => { postMessage(message: unknown): void };
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL: { createObjectURL?(blob: object): string };
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
}

/** Whether this thread may block in Atomics.wait (browsers forbid it on a window's main thread). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

let workerUrl: string | undefined;
let thisThreadsHost: KernelWorkerHost | null | undefined;

/**
 * Web Workers as kernel threads, where a page allows them: cross-origin isolated (SharedArrayBuffer),
 * Atomics.waitAsync in workers, and a calling thread that may block (a Web Worker, not a window).
 * Null elsewhere (the kernels then run on the calling thread). One host per thread: thread pools are
 * kept per host, so every kernel set made on this thread shares one pool of workers.
 */
export function browserWorkerHost(): KernelWorkerHost | null {
  if (thisThreadsHost === undefined) thisThreadsHost = newBrowserWorkerHost();
  return thisThreadsHost;
}

/** A new browser worker host, or null where the page does not allow one. */
function newBrowserWorkerHost(): KernelWorkerHost | null {
  const g = globalThis as unknown as BrowserGlobals;
  const { Worker, Blob } = g;
  if (!Worker || !Blob || !g.URL.createObjectURL || g.crossOriginIsolated !== true || typeof (Atomics as { waitAsync?: unknown }).waitAsync !== 'function' || !canBlock()) return null;
  return {
    cores: g.navigator?.hardwareConcurrency ?? 1,
    start(setup) {
      workerUrl ??= g.URL.createObjectURL!(new Blob([WEB_WORKER_SOURCE], { type: 'text/javascript' }));
      const worker = new Worker(workerUrl);
      worker.postMessage({ type: 'setup', setup });
      return { post: (message) => worker.postMessage(message) };
    },
    cpuMicros: () => null,
    runnableThreads: () => null,
  };
}
