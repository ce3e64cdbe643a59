import type { Rng } from '../core/rng.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import { Baseline } from './baseline.js';
import { DHNN } from './dhnn.js';
import { HNN } from './hnn.js';
import { PixelHNN } from './pixel-hnn.js';
import type { DynamicsModel, ModelSpec, PixelModelSpec, StateModelSpec } from './types.js';

/** Any model: of states (HNN, baseline) or of pixels; `spec.kind === 'pixel'` tells them apart. */
export type Model<A extends FloatArray = FloatArray> = DynamicsModel<A> | PixelHNN<A>;

/** Builds the model a spec describes; parameters initialised from `rng` when given, else zero. */
export function createModel<A extends FloatArray>(kernels: Kernels<A>, spec: StateModelSpec, rng?: Rng): DynamicsModel<A>;
export function createModel<A extends FloatArray>(kernels: Kernels<A>, spec: PixelModelSpec, rng?: Rng): PixelHNN<A>;
export function createModel<A extends FloatArray>(kernels: Kernels<A>, spec: ModelSpec, rng?: Rng): Model<A>;
export function createModel<A extends FloatArray>(kernels: Kernels<A>, spec: ModelSpec, rng?: Rng): Model<A> {
  if (spec.kind === 'pixel') return new PixelHNN(kernels, spec, rng);
  const { inputDim, hiddenDim, hiddenLayers, activation } = spec.mlp;
  const mlp = { inputDim, hiddenDim, hiddenLayers, activation };
  switch (spec.kind) {
    case 'hnn':
      return new HNN(kernels, mlp, spec.field, rng);
    case 'dhnn':
      return new DHNN(kernels, mlp, rng);
    case 'baseline':
      return new Baseline(kernels, mlp, rng);
  }
}
