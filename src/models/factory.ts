import { InputError } from '../core/errors.js';
import { MAX_HIDDEN_LAYERS, MAX_PARAMETERS, powerOfTwo } from '../core/limits.js';
import type { Rng } from '../core/rng.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import { Baseline } from './baseline.js';
import { DHNN } from './dhnn.js';
import { HNN } from './hnn.js';
import { mlpParameterCount, mlpParameterShapes } from '../nn/mlp.js';
import { PixelHNN, pixelParameterCount, pixelParameterShapes } from './pixel-hnn.js';
import type { DynamicsModel, ModelSpec, PixelModelSpec, StateModelSpec } from './types.js';

/** Any model: of states (HNN, baseline) or of pixels; `spec.kind === 'pixel'` tells them apart. */
export type Model<A extends FloatArray = FloatArray> = DynamicsModel<A> | PixelHNN<A>;

/** Builds the model a spec describes; parameters initialised from `rng` when given, else zero. */
export function createModel<A extends FloatArray>(kernels: Kernels<A>, spec: StateModelSpec, rng?: Rng): DynamicsModel<A>;
export function createModel<A extends FloatArray>(kernels: Kernels<A>, spec: PixelModelSpec, rng?: Rng): PixelHNN<A>;
export function createModel<A extends FloatArray>(kernels: Kernels<A>, spec: ModelSpec, rng?: Rng): Model<A>;
export function createModel<A extends FloatArray>(kernels: Kernels<A>, spec: ModelSpec, rng?: Rng): Model<A> {
  const tooLarge = modelSizeProblem(spec);
  if (tooLarge) throw new InputError(`model spec: field "${tooLarge.field}": expected ${tooLarge.expected}, got ${tooLarge.got}`);
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

/** Names and shapes of a model's parameters, as `namedParams` lists them, without building it (check modelSizeProblem first). */
export function modelParameterShapes(spec: ModelSpec): [string, number[]][] {
  if (spec.kind === 'pixel') return pixelParameterShapes(spec);
  if (spec.kind === 'dhnn') return (['hamiltonian', 'dissipation'] as const).flatMap((net) => mlpParameterShapes(spec.mlp).map(([n, shape]): [string, number[]] => [`${net}.${n}`, shape]));
  return mlpParameterShapes(spec.mlp);
}

/** Number of parameters of the model a spec describes, in closed form (instant for any spec; may be Infinity). */
export function modelParameterCount(spec: ModelSpec): number {
  if (spec.kind === 'pixel') return pixelParameterCount(spec);
  return (spec.kind === 'dhnn' ? 2 : 1) * mlpParameterCount(spec.mlp);
}

/** Why a spec is too large to build: the field (relative to the spec), what is accepted and what it says. */
export interface SizeProblem {
  readonly field: string;
  readonly expected: string;
  readonly got: number;
}

/** The sizes of a network of states, each a whole number of at least one. */
const MLP_SIZES = ['inputDim', 'hiddenDim', 'outputDim', 'hiddenLayers'] as const;

/**
 * Whether a spec's sizes are whole numbers within the size limits (at most MAX_HIDDEN_LAYERS hidden
 * layers and MAX_PARAMETERS parameters), checked before anything is allocated; null when they are,
 * else the field to blame (for a model too large, the largest width) and what it should be.
 */
export function modelSizeProblem(spec: ModelSpec): SizeProblem | null {
  if (spec.kind !== 'pixel') {
    const bad = MLP_SIZES.find((key) => !(Number.isInteger(spec.mlp[key]) && spec.mlp[key] >= 1));
    if (bad) return { field: `mlp.${bad}`, expected: 'a whole number of at least 1', got: spec.mlp[bad] };
    if (spec.mlp.hiddenLayers > MAX_HIDDEN_LAYERS) return { field: 'mlp.hiddenLayers', expected: `at most ${MAX_HIDDEN_LAYERS} hidden layers`, got: spec.mlp.hiddenLayers };
  }
  const count = modelParameterCount(spec);
  if (count <= MAX_PARAMETERS) return null;
  const [section, dims] = spec.kind === 'pixel' ? ['pixel', spec.pixel] : ['mlp', spec.mlp];
  const field = dims.inputDim > dims.hiddenDim ? 'inputDim' : 'hiddenDim';
  return {
    field: `${section}.${field}`,
    expected: `a size whose model has at most ${powerOfTwo(MAX_PARAMETERS)} parameters (1 GiB to train in float32; this one would have ${count.toPrecision(3)})`,
    got: dims[field],
  };
}
