import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { KernelWorkerHost, WorkerSetup } from '../kernels/worker-host.js';

/** Threads the machine has ready to run right now (Linux `/proc/stat` procs_running, this one included), or null elsewhere. */
function runnableThreads(): number | null {
  try {
    const match = /^procs_running (\d+)$/m.exec(readFileSync('/proc/stat', 'latin1'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Node's worker_threads as kernel threads (src/node/kernel-worker.ts runs the loop), with the process's CPU time and the run queue as load signals. */
export const nodeWorkerHost: KernelWorkerHost = {
  cores: availableParallelism(),
  start(setup: WorkerSetup) {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(new URL('./kernel-worker.js', import.meta.url), { workerData: { ...setup, port: port2 }, transferList: [port2] });
    worker.unref();
    port1.unref();
    // A failing worker must not crash the process: its parts are then run by the caller.
    worker.on('error', () => undefined);
    return { post: (message) => port1.postMessage(message) };
  },
  cpuMicros: () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  },
  runnableThreads,
};
