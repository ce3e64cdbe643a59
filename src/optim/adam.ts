import type { FloatArray } from '../kernels/types.js';
import type { Param } from '../nn/layer.js';

/** Adam's hyper-parameters; `weightDecay` is PyTorch's L2 term (added to the gradient, not decoupled). */
export interface AdamOptions {
  readonly lr: number;
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

/** PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay). */
export const ADAM_DEFAULTS: AdamOptions = { lr: 1e-3, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** Adam as torch.optim.Adam computes it, moments kept in float64. */
export class Adam<A extends FloatArray> {
  readonly options: AdamOptions;
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private t = 0;

  /** An optimiser over `params`, with any options not given taken from ADAM_DEFAULTS. */
  constructor(
    private readonly params: readonly Param<A>[],
    options: Partial<AdamOptions> = {},
  ) {
    this.options = { ...ADAM_DEFAULTS, ...options };
    this.m = params.map((p) => new Float64Array(p.value.length));
    this.v = params.map((p) => new Float64Array(p.value.length));
  }

  /** Number of updates taken so far. */
  get stepCount(): number {
    return this.t;
  }

  /** One update from the gradients currently in each parameter's `grad`. */
  step(): void {
    const { lr, weightDecay, beta1, beta2, eps } = this.options;
    this.t++;
    const bc1 = 1 - Math.pow(beta1, this.t);
    const sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, this.t));
    const stepSize = lr / bc1;
    for (let j = 0; j < this.params.length; j++) {
      const { value, grad } = this.params[j]!;
      const m = this.m[j]!;
      const v = this.v[j]!;
      for (let i = 0; i < value.length; i++) {
        const g = grad[i]! + weightDecay * value[i]!;
        const mi = beta1 * m[i]! + (1 - beta1) * g;
        const vi = beta2 * v[i]! + (1 - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        value[i] = value[i]! - (stepSize * mi) / (Math.sqrt(vi) / sqrtBc2 + eps);
      }
    }
  }
}
