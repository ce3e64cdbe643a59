// A worker thread of the WebAssembly kernels' pool (src/kernels/thread-pool.ts): it instantiates the
// kernels over each memory it is sent, waits for jobs in the shared control block, and runs the parts
// it manages to claim. It never touches anything but the parts it claimed.
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { claimPart, F64_ARGS_BYTES, READY, D_MEM, D_PARTS, D_THREADS, DESC, CONTROL_SLOTS, ERROR, FINISHED, runPart, SEQ, SLEEPERS, type KernelExports } from './parallel.js';
import type { PoolMessage, WorkerSetup } from './thread-pool.js';

interface WasmApi {
  Instance: new (module: unknown, imports: object) => { readonly exports: object };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const setup = workerData as WorkerSetup;
const c = new Int32Array(setup.control);
const d = new Uint32Array(setup.control, DESC * 4, CONTROL_SLOTS - DESC);
const f = new Float64Array(setup.control, F64_ARGS_BYTES, 8);
const instances = new Map<number, KernelExports>();

/** Handles every pending message (memories to add or drop). */
function drain(): void {
  for (;;) {
    const received = receiveMessageOnPort(setup.port);
    if (!received) return;
    const msg = received.message as PoolMessage;
    if (msg.type === 'add') instances.set(msg.id, new WA.Instance(setup.module, { env: { memory: msg.memory } }).exports as KernelExports);
    else instances.delete(msg.id);
  }
}

let seen = Atomics.load(c, SEQ);
Atomics.add(c, READY, 1);
for (;;) {
  // Wait for a new job: spin for a while, then sleep.
  let s = Atomics.load(c, SEQ);
  if (s === seen) {
    const until = performance.now() + setup.spinMicros / 1000;
    let n = 0;
    while ((s = Atomics.load(c, SEQ)) === seen) {
      if ((++n & 1023) === 0 && performance.now() > until) {
        drain();
        Atomics.add(c, SLEEPERS, 1);
        Atomics.wait(c, SEQ, seen);
        Atomics.sub(c, SLEEPERS, 1);
        s = Atomics.load(c, SEQ);
        break;
      }
    }
    if (s === seen) continue;
  }
  seen = s;
  // Claim parts of job `s` while there are any; the descriptor is only read after a successful
  // claim (the caller does not rewrite it before every claimed part is finished), except for the
  // memory id and thread limit, which only decide whether to try (a stale read just skips a job).
  const threads = d[D_THREADS]!;
  if (setup.index >= threads) continue;
  const mem = d[D_MEM]!;
  if (!instances.has(mem)) drain();
  const ex = instances.get(mem);
  if (!ex) continue;
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
