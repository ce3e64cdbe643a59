import { claimPart, CONTROL_SLOTS, D_MEM, D_PARTS, D_THREADS, DESC, ERROR, F64_ARGS_BYTES, FINISHED, READY, runPart, SEQ, SLEEPERS, type KernelExports } from './parallel.js';
import { WA } from './wasm-module.js';
import type { PoolMessage, WorkerSetup } from './worker-host.js';

/** How a worker receives its messages and sleeps, in its runtime (Node's worker_threads or a Web Worker). */
export interface WorkerEnvironment {
  /** The messages received since the last call. */
  drain(): readonly PoolMessage[];
  /** Sleeps until slot `index` of `control` no longer holds `seen`; a promise lets the worker's event loop run meanwhile. */
  sleep(control: Int32Array, index: number, seen: number): unknown;
  /** Lets messages already sent to this thread arrive: a promise where they are delivered only between tasks (Web Workers). */
  receive(): unknown;
}

/**
 * The loop of a kernel pool worker (src/kernels/thread-pool.ts): it instantiates the kernels over each
 * memory it is sent, waits for jobs in the shared control block (spinning for a while after each,
 * then sleeping), and runs the parts it manages to claim. It touches nothing but its claimed parts.
 */
export async function runKernelWorker(setup: WorkerSetup, env: WorkerEnvironment): Promise<never> {
  const c = new Int32Array(setup.control);
  const d = new Uint32Array(setup.control, DESC * 4, CONTROL_SLOTS - DESC);
  const f = new Float64Array(setup.control, F64_ARGS_BYTES, 8);
  const instances = new Map<number, KernelExports>();
  const drain = (): void => {
    for (const msg of env.drain()) {
      if (msg.type === 'add') instances.set(msg.id, new WA!.Instance(setup.module, { env: { memory: msg.memory } }).exports as unknown as KernelExports);
      else instances.delete(msg.id);
    }
  };
  let seen = Atomics.load(c, SEQ);
  Atomics.add(c, READY, 1);
  for (;;) {
    let s = Atomics.load(c, SEQ);
    if (s === seen) {
      const until = performance.now() + setup.spinMicros / 1000;
      let n = 0;
      while ((s = Atomics.load(c, SEQ)) === seen) {
        if ((++n & 1023) === 0 && performance.now() > until) {
          drain();
          Atomics.add(c, SLEEPERS, 1);
          await env.sleep(c, SEQ, seen);
          Atomics.sub(c, SLEEPERS, 1);
          drain();
          s = Atomics.load(c, SEQ);
          break;
        }
      }
      if (s === seen) continue;
    }
    seen = s;
    // The descriptor is only read after a successful claim (the caller does not rewrite it before
    // every claimed part is finished), except the memory id and thread limit, which only decide
    // whether to try: a stale read just skips a job, whose parts the caller then runs.
    const threads = d[D_THREADS]!;
    if (setup.index >= threads) continue;
    const mem = d[D_MEM]!;
    if (!instances.has(mem)) drain();
    const ex = instances.get(mem);
    if (!ex) {
      // The memory's message is still on its way (a spinning Web Worker receives none): let it
      // arrive; this job's parts are left to the caller.
      await env.receive();
      drain();
      continue;
    }
    for (let idx; (idx = claimPart(c, s, d[D_PARTS]!, setup.index, threads)) >= 0; ) {
      try {
        runPart(ex, d, f, idx, setup.index);
      } catch {
        Atomics.store(c, ERROR, 1);
      }
      Atomics.add(c, FINISHED, 1);
      Atomics.notify(c, FINISHED);
    }
  }
}
