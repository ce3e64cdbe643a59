// Quick start: train an HNN on the paper's mass-spring task, then follow its learned dynamics.
// Run after a build (`npm start` or `npm test` builds): node dist/examples/quickstart.js [steps]
// Outside this repository, import from 'hnn' instead of '../src/index.js'.
import { measureEnergyMse, runTask, simulateModel, taskByName } from '../src/index.js';
import { createKernels } from '../src/node/index.js';

const steps = Number(process.argv[2] ?? 2000);
const kernels = createKernels(); // float32: WebAssembly SIMD, or the TypeScript fallback

// The whole paper recipe for a task in one call: the authors' data for seed 0, training, final metrics.
const run = runTask(taskByName('spring'), kernels, { kind: 'hnn', seed: 0, steps });
const { trainLoss, testLoss } = run.file.metrics;
console.log(`spring HNN, ${steps} steps in ${run.result.seconds.toFixed(1)} s: train loss ${trainLoss!.mean.toExponential(3)}, test loss ${testLoss!.mean.toExponential(3)}`);

// The paper's energy metric (15 starts, t ∈ [0, 20]): MSE of the true energy along the model's paths.
const energy = measureEnergyMse(taskByName('spring'), run.model, { seed: 0 });
console.log(`energy MSE ${energy.mean.toExponential(3)} ± ${energy.stderr.toExponential(2)}`);

// One path of the learned dynamics: the true energy q² + p² and the learned H along it.
const sim = simulateModel(run.model, { x0: Float64Array.of(0.5, 0), tEnd: 20, points: 5, integrator: 'dopri5' });
console.log('t       q        p        q²+p²    learned H');
for (let k = 0; k < sim.t.length; k++) {
  const q = sim.y[2 * k]!, p = sim.y[2 * k + 1]!;
  console.log([sim.t[k]!.toFixed(1).padEnd(7), q.toFixed(4).padStart(7), p.toFixed(4).padStart(8), (q * q + p * p).toFixed(4).padStart(8), sim.learnedH![k]!.toFixed(6).padStart(11)].join(' '));
}
