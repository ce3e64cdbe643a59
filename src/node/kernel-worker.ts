// A kernel pool worker in Node (started by src/node/worker-host.ts): the shared worker loop, with
// messages read synchronously from its port and sleep in Atomics.wait.
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { PoolMessage, WorkerSetup } from '../kernels/worker-host.js';
import { runKernelWorker } from '../kernels/worker-loop.js';

const setup = workerData as WorkerSetup & { readonly port: MessagePort };
void runKernelWorker(setup, {
  drain: () => {
    const messages: PoolMessage[] = [];
    for (let received; (received = receiveMessageOnPort(setup.port)); ) messages.push(received.message as PoolMessage);
    return messages;
  },
  sleep: (control, index, seen) => Atomics.wait(control, index, seen),
  receive: () => undefined,
});
