import type { Rng } from '../core/rng.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import { Baseline } from './baseline.js';
import { HNN } from './hnn.js';
import type { DynamicsModel, ModelSpec } from './types.js';

/** Builds the model a spec describes; parameters initialised from `rng` when given, else zero. */
export function createModel<A extends FloatArray>(kernels: Kernels<A>, spec: ModelSpec, rng?: Rng): DynamicsModel<A> {
  const { inputDim, hiddenDim, hiddenLayers, activation } = spec.mlp;
  const mlp = { inputDim, hiddenDim, hiddenLayers, activation };
  return spec.kind === 'hnn' ? new HNN(kernels, mlp, spec.field, rng) : new Baseline(kernels, mlp, rng);
}
