import type { Rng } from '../core/rng.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import { Baseline } from './baseline.js';
import { HNN } from './hnn.js';
import { PixelHNN } from './pixel-hnn.js';
import type { DynamicsModel, ModelSpec, PixelModelSpec } from './types.js';

/** Builds the model a spec describes; parameters initialised from `rng` when given, else zero. */
export function createModel<A extends FloatArray>(kernels: Kernels<A>, spec: ModelSpec, rng?: Rng): DynamicsModel<A> {
  const { inputDim, hiddenDim, hiddenLayers, activation } = spec.mlp;
  const mlp = { inputDim, hiddenDim, hiddenLayers, activation };
  return spec.kind === 'hnn' ? new HNN(kernels, mlp, spec.field, rng) : new Baseline(kernels, mlp, rng);
}

/** Builds the pixel model a spec describes; parameters initialised from `rng` when given, else zero. */
export function createPixelModel<A extends FloatArray>(kernels: Kernels<A>, spec: PixelModelSpec, rng?: Rng): PixelHNN<A> {
  return new PixelHNN(kernels, { kind: spec.latent, ...spec.pixel }, rng);
}

/** The model-file spec of a pixel model. */
export function pixelModelSpec<A extends FloatArray>(model: PixelHNN<A>): PixelModelSpec {
  const { kind, ...pixel } = model.spec;
  return { kind: 'pixel', latent: kind, pixel };
}
