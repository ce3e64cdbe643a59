// The script of a browser kernel worker (bundled into src/kernels/generated/web-worker-source.ts):
// it starts the worker loop on its setup message and queues the pool's later messages, which its
// event loop delivers while the loop sleeps in Atomics.waitAsync.
import { runKernelWorker } from './worker-loop.js';
import type { PoolMessage, WorkerSetup } from './worker-host.js';

type Incoming = PoolMessage | { readonly type: 'setup'; readonly setup: WorkerSetup };
interface WorkerScope {
  onmessage: ((event: { data: Incoming }) => void) | null;
}
interface AtomicsWithWaitAsync {
  waitAsync(control: Int32Array, index: number, value: number): { async: boolean; value: unknown };
}

const queue: PoolMessage[] = [];
let started = false;
(globalThis as unknown as WorkerScope).onmessage = (event) => {
  const message = event.data;
  if (message.type !== 'setup') queue.push(message);
  else if (!started) {
    started = true;
    void runKernelWorker(message.setup, {
      drain: () => queue.splice(0),
      sleep: (control, index, seen) => (Atomics as unknown as AtomicsWithWaitAsync).waitAsync(control, index, seen).value,
      receive: () => new Promise((resolve) => setTimeout(resolve, 0)),
    });
  }
};
