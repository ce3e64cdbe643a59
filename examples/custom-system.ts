// Your own Hamiltonian system, the quartic oscillator H(q, p) = p²/2 + q⁴/4 (not in the paper), as one
// task value: typed as an expression, it brings its data (noisy trajectories drawn as the paper's),
// its true energy and the paper's energy metric. Trains the baseline and the HNN, measures their
// energy MSE, and follows each far beyond the training time span.
// Run after a build: node dist/examples/custom-system.js [steps]
// Outside this repository, import from 'hnn' and 'hnn/node' instead of '../src/….js'.
import { measureEnergyMse, runTask, simulateModel, taskFromExpression } from '../src/index.js';
import { createKernels } from '../src/node/index.js';

const steps = Number(process.argv[2] ?? 2000);
// 50 trajectories of 60 points on t ∈ [0, 6] from radii in [0.5, 1.5], noise σ = 0.05.
const task = taskFromExpression('p^2/2 + q^4/4', { samples: 50, noiseStd: 0.05, tSpan: [0, 6], timescale: 10, radius: [0.5, 1.5] });
const kernels = createKernels();

console.log(`${task.title}: ${steps} full-batch steps; paths from (q, p) = (1, 0) over t ∈ [0, 100]`);
console.log('model     test loss   energy MSE   largest |E − E₀|/E₀   learned H drift');
for (const kind of ['baseline', 'hnn'] as const) {
  const run = runTask(task, kernels, { kind, seed: 0, steps });
  const energy = measureEnergyMse(task, run.model, { seed: 0 });
  const sim = simulateModel(run.model, { x0: Float64Array.of(1, 0), tEnd: 100, points: 1001, integrator: 'dopri5', trueEnergy: task.system!.energy });
  const e = sim.trueEnergy!;
  const drift = Math.max(...e.map((v) => Math.abs(v - e[0]!) / e[0]!));
  const h = sim.learnedH;
  const hDrift = h ? Math.max(...h.map((v) => Math.abs(v - h[0]!))).toExponential(1) : '—';
  const cells = [kind.padEnd(9), run.file.metrics.testLoss!.mean.toExponential(2).padStart(9), energy.mean.toExponential(2).padStart(10), `${(100 * drift).toFixed(2)}%`.padStart(21), hDrift.padStart(17)];
  console.log(cells.join('   '));
}
