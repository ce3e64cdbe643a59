import { JsKernels } from '../kernels/js.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import type { Param } from '../nn/layer.js';

/** Adam's hyper-parameters; `weightDecay` is PyTorch's L2 term (added to the gradient, not decoupled). */
export interface AdamOptions {
  readonly lr: number;
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

/** Adam's state: the number of updates taken and its float64 moments, one array per parameter. */
export interface AdamState {
  readonly t: number;
  readonly m: readonly Float64Array[];
  readonly v: readonly Float64Array[];
}

/** PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay). */
export const ADAM_DEFAULTS: AdamOptions = { lr: 1e-3, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/**
 * Adam as torch.optim.Adam computes it, moments kept in float64, the step itself in the parameters'
 * precision. The update runs in the parameters' kernels when given (every backend does the same
 * operations, so the same results as the TypeScript loop).
 */
export class Adam<A extends FloatArray> {
  readonly options: AdamOptions;
  private readonly kernels: Kernels<A>;
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private t = 0;
  private readonly scalars = { weightDecay: 0, beta1: 0, beta2: 0, stepSize: 0, sqrtBc2: 0, eps: 0 };

  /**
   * An optimiser over `params`, with any options not given taken from ADAM_DEFAULTS; `kernels` must
   * be the kernel set the parameters were allocated by (default: TypeScript kernels).
   */
  constructor(
    private readonly params: readonly Param<A>[],
    options: Partial<AdamOptions> = {},
    kernels?: Kernels<A>,
  ) {
    this.options = { ...ADAM_DEFAULTS, ...options };
    this.kernels = kernels ?? new JsKernels<A>(params[0]?.value instanceof Float64Array ? 'float64' : 'float32');
    this.m = params.map((p) => this.kernels.allocFloat64(p.value.length));
    this.v = params.map((p) => this.kernels.allocFloat64(p.value.length));
  }

  /** Number of updates taken so far. */
  get stepCount(): number {
    return this.t;
  }

  /** The optimiser's state (for checkpoints): the update count and copies of the moments, one array per parameter. */
  state(): AdamState {
    return { t: this.t, m: this.m.map((a) => a.slice()), v: this.v.map((a) => a.slice()) };
  }

  /** Continues from a state taken with `state()` (of an optimiser over parameters of the same shapes). */
  restore(state: AdamState): void {
    const fits = (arrays: readonly Float64Array[], own: Float64Array[]): boolean => arrays.length === own.length && arrays.every((a, i) => a.length === own[i]!.length);
    if (!(Number.isInteger(state.t) && state.t >= 0) || !fits(state.m, this.m) || !fits(state.v, this.v)) {
      throw new RangeError('Adam.restore: the state does not fit these parameters');
    }
    this.t = state.t;
    state.m.forEach((a, i) => this.m[i]!.set(a));
    state.v.forEach((a, i) => this.v[i]!.set(a));
  }

  /** One update from the gradients currently in each parameter's `grad`. */
  step(): void {
    const { lr, weightDecay, beta1, beta2, eps } = this.options;
    this.t++;
    const bc1 = 1 - Math.pow(beta1, this.t);
    const sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, this.t));
    const scalars = this.scalars;
    scalars.weightDecay = weightDecay;
    scalars.beta1 = beta1;
    scalars.beta2 = beta2;
    scalars.stepSize = lr / bc1;
    scalars.sqrtBc2 = sqrtBc2;
    scalars.eps = eps;
    for (let j = 0; j < this.params.length; j++) {
      const { value, grad } = this.params[j]!;
      this.kernels.adam(value.length, value, grad, this.m[j]!, this.v[j]!, scalars);
    }
  }
}
