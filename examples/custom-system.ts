// Your own Hamiltonian system: the quartic oscillator H(q, p) = p²/2 + q⁴/4, which is not in the paper.
// Generates noisy trajectories, trains the baseline and the HNN on them, and follows each model far
// beyond the training time span, printing how far the true energy drifts along its path.
// Run after a build: node dist/examples/custom-system.js [steps]
// Outside this repository, import from 'hnn' instead of '../src/index.js'.
import { Baseline, HNN, Random, createKernels, generateTrajectoryDataset, lossWithError, simulateModel, train, type HamiltonianSystem } from '../src/index.js';

const quarticEnergy = (x: Float64Array): number => 0.5 * x[1]! * x[1]! + 0.25 * x[0]! ** 4;
const quartic: HamiltonianSystem = {
  name: 'quartic',
  dim: 2,
  hamiltonian: quarticEnergy,
  dynamics: (_t, x, dxdt) => {
    dxdt[0] = x[1]!; // ∂H/∂p
    dxdt[1] = -(x[0]! ** 3); // −∂H/∂q
  },
  energy: quarticEnergy,
};

const steps = Number(process.argv[2] ?? 2000);
// 50 trajectories of 60 points on t ∈ [0, 6] from radii in [0.5, 1.5], noise σ = 0.05; the first 80% of the rows train.
const data = generateTrajectoryDataset(quartic, { seed: 0, samples: 50, noiseStd: 0.05, tSpan: [0, 6], timescale: 10, radiusMin: 0.5, radiusWidth: 1, rtol: 1e-10, trainFraction: 0.8 });
const kernels = createKernels();
const mlp = { inputDim: 2, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh' } as const;
const models = { baseline: new Baseline(kernels, mlp, new Random(1)), hnn: new HNN(kernels, mlp, 'solenoidal', new Random(1)) };

const x0 = Float64Array.of(1, 0);
const e0 = quarticEnergy(x0);
console.log(`quartic oscillator, ${steps} full-batch steps; paths from (q, p) = (1, 0) over t ∈ [0, 100]`);
console.log('model     test loss   largest |E − E₀|/E₀   learned H drift');
for (const [name, model] of Object.entries(models)) {
  train(model, data, { steps, batchSize: null, lr: 1e-3, weightDecay: 1e-4, seed: 0, logEvery: steps });
  const test = lossWithError(model, data.test);
  const sim = simulateModel(model, { x0, tEnd: 100, points: 1001, integrator: 'dopri5' });
  let drift = 0;
  for (let k = 0; k < sim.t.length; k++) drift = Math.max(drift, Math.abs(quarticEnergy(sim.y.subarray(2 * k, 2 * k + 2)) - e0) / e0);
  const h = sim.learnedH;
  const hDrift = h ? Math.max(...h.map((v) => Math.abs(v - h[0]!))).toExponential(1) : '—';
  console.log(`${name.padEnd(9)} ${test.mean.toExponential(2).padStart(9)}   ${(100 * drift).toFixed(2).padStart(17)}%   ${hDrift.padStart(15)}`);
}
