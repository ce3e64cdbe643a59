// Median milliseconds per training step (forward, loss, backward, Adam) for the spring HNN and
// baseline on the full batch of 750, per backend, beside the authors' PyTorch step on this kind of
// machine; plus peak memory. Run: `npm run bench`.
import { generateSpringDataset } from '../src/systems/trajectory-dataset.js';
import { Random } from '../src/core/random.js';
import { createKernels, type Backend } from '../src/kernels/select.js';
import { createModel } from '../src/models/factory.js';
import type { ModelSpec } from '../src/models/types.js';
import { Adam } from '../src/optim/adam.js';
import { wasmAvailable } from '../src/kernels/wasm.js';

/** The authors' PyTorch train step here (../shared/reference/README.md), ms: [low, high]. */
const PYTORCH_MS: Record<string, [number, number]> = { hnn: [6.0, 6.9], baseline: [3.6, 4.0] };

const data = generateSpringDataset({ seed: 0 });
const mlp = { inputDim: 2, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh' as const };
const specs: Record<string, ModelSpec> = {
  hnn: { kind: 'hnn', field: 'solenoidal', mlp: { ...mlp, outputDim: 2 } },
  baseline: { kind: 'baseline', mlp: { ...mlp, outputDim: 2 } },
};

/** Median of a list. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const backends: Backend[] = wasmAvailable() ? ['wasm', 'js'] : ['js'];
console.log('spring, full batch 750, hidden 200 — median ms per train step (ratio = ours / PyTorch)');
console.log('backend  model     ms/step   PyTorch ms   ratio');
for (const backend of backends) {
  for (const kind of ['hnn', 'baseline']) {
    const model = createModel(createKernels(backend), specs[kind]!, new Random(0));
    const adam = new Adam(model.params(), { lr: 1e-3, weightDecay: 1e-4 });
    const reps = backend === 'js' ? 30 : 200;
    const times: number[] = [];
    for (let i = 0; i < reps + 10; i++) {
      const t0 = performance.now();
      model.lossAndGrad(data.x, data.dx, null);
      adam.step();
      if (i >= 10) times.push(performance.now() - t0);
    }
    const ms = median(times);
    const [lo, hi] = PYTORCH_MS[kind]!;
    console.log(`${backend.padEnd(8)} ${kind.padEnd(9)} ${ms.toFixed(2).padStart(7)}   ${lo}–${hi}`.padEnd(40) + `   ${(ms / hi).toFixed(2)}–${(ms / lo).toFixed(2)}×`);
  }
}
const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(`peak RSS ${peakMiB.toFixed(0)} MiB (authors' spring training: 280–287 MiB)`);
