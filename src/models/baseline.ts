import type { Samples } from '../core/dataset.js';
import type { Rng } from '../core/rng.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import type { MlpSpec } from '../nn/mlp.js';
import { NetworkModel, mseResidual } from './network-model.js';

/** The baseline: the same MLP predicts the time derivative ẋ (d outputs) directly. */
export class Baseline<A extends FloatArray> extends NetworkModel<A> {
  /** A baseline whose network maps d → d. */
  constructor(kernels: Kernels<A>, mlp: Omit<MlpSpec, 'outputDim'>, rng?: Rng) {
    super(kernels, { kind: 'baseline', mlp: { ...mlp, outputDim: mlp.inputDim } }, rng);
  }

  protected predictLoaded(out: Float64Array): void {
    this.net.forward(true, false);
    for (let i = 0; i < out.length; i++) out[i] = this.output[i]!;
  }

  lossAndGrad(split: Samples, rows: Int32Array | null): number {
    const count = rows ? rows.length : this.checkedRows(split.x, 'x');
    const n = count * this.dim;
    this.loadStates(split.x, rows, 0, count);
    this.gatherTargets(split.dx, rows, count, this.target);
    this.predictLoaded(this.pred);
    const resid = this.resid;
    const loss = mseResidual(this.pred, this.target, resid);
    this.zeroGrads();
    const seed = this.seed;
    for (let i = 0; i < n; i++) seed[i] = resid[i]!;
    this.net.backward(true, false);
    return loss;
  }
}
