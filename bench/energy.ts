// Wall time of the full energy metric (paper.md §4) for the spring and the pendulum: 15 starts, the
// true system and both of the authors' models (../shared/reference/models), float32 kernels as a
// user gets them, beside the authors' 1.3–9.4 s for the same computation.
// Run: `node dist/bench/energy.js`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measureEnergyMse } from '../src/eval/energy-metric.js';
import type { ProtocolName } from '../src/tasks/energy-protocol.js';
import { stateTaskByName } from '../src/tasks/registry.js';
import { readTorchStateDict } from '../src/node/readers.js';
import { modelFromFile } from '../src/io/model-file.js';
import { createKernels } from '../src/node/kernels.js';

/** The authors' wall time for one task's energy metric (both models), seconds: [low, high]. */
const AUTHORS_S: [number, number] = [1.3, 9.4];

const models = fileURLToPath(new URL('../../../shared/reference/models/', import.meta.url));
const tasks = [
  ['spring', 'spring'],
  ['pendulum', 'pend'],
] as const;

if (!existsSync(models)) {
  console.log(`reference models not found in ${models}; nothing to time`);
} else {
  console.log("energy metric, 15 starts, true system + baseline + HNN — wall seconds (ratio = ours / authors' 1.3–9.4 s)");
  console.log('task      protocol  seconds   energy baseline   energy HNN    ratio');
  for (const [task, ref] of tasks) {
    for (const protocolName of ['paper', 'clean'] as ProtocolName[]) {
      const t0 = performance.now();
      const results = (['baseline', 'hnn'] as const).map((kind) => {
        const model = modelFromFile(readTorchStateDict(`${models}${ref}-${kind}.json`, task, kind), createKernels('auto'));
        return measureEnergyMse(stateTaskByName(task), model, { seed: 0, protocol: protocolName });
      });
      const seconds = (performance.now() - t0) / 1000;
      const [lo, hi] = AUTHORS_S;
      const cells = [task.padEnd(9), protocolName.padEnd(9), seconds.toFixed(2).padStart(7), ...results.map((r) => r.mean.toExponential(4).padStart(16))];
      console.log(`${cells.join(' ')}    ${(seconds / hi).toFixed(2)}–${(seconds / lo).toFixed(2)}×`);
    }
  }
}
