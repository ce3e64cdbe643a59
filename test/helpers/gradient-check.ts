import type { Random } from '../../src/core/random.js';
import type { FloatArray } from '../../src/kernels/types.js';
import type { Param } from '../../src/nn/layer.js';

/**
 * Largest relative error of ⟨∇θL, u⟩ against the central difference (L(θ + εu) − L(θ − εu)) / 2ε over
 * `trials` random directions u. `lossAndGrad` must fill each parameter's grad; `loss` only evaluates.
 */
export function directionalGradientError<A extends FloatArray>(params: Param<A>[], lossAndGrad: () => void, loss: () => number, rng: Random, trials: number): number {
  lossAndGrad();
  const grads = params.map((p) => Float64Array.from(p.grad));
  let worst = 0;
  for (let trial = 0; trial < trials; trial++) {
    const dirs = params.map((p) => new Float64Array(p.value.length).map(() => rng.normal()));
    let analytic = 0;
    params.forEach((_, j) => dirs[j]!.forEach((u, i) => (analytic += u * grads[j]![i]!)));
    const shift = (h: number): void => params.forEach((p, j) => dirs[j]!.forEach((u, i) => (p.value[i] = p.value[i]! + h * u)));
    const eps = 1e-5;
    shift(eps);
    const up = loss();
    shift(-2 * eps);
    const down = loss();
    shift(eps);
    const numeric = (up - down) / (2 * eps);
    worst = Math.max(worst, Math.abs(analytic - numeric) / Math.max(Math.abs(numeric), 1e-12));
  }
  return worst;
}
