import { FileFormatError } from '../core/errors.js';
import { JsonReader } from '../core/json-reader.js';
import { LIBRARY_VERSION } from '../core/version.js';
import type { MeanWithError } from '../eval/losses.js';
import { JsKernels } from '../kernels/js.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import { createModel, type Model } from '../models/factory.js';
import type { PixelHNN } from '../models/pixel-hnn.js';
import type { DynamicsModel, FieldType, ModelKind, ModelSpec, PixelModelSpec, StateModelSpec, TrainableModel } from '../models/types.js';
import { ACTIVATION_NAMES } from '../nn/activation.js';
import type { Param } from '../nn/layer.js';
import { mlpParameterShapes } from '../nn/mlp.js';
import { PIXEL_DATASET_DEFAULTS, type PixelDatasetOptions } from '../systems/pixel-pendulum/dataset.js';

/** Name and version of the model file format this library writes and reads. */
export const MODEL_FORMAT = 'hnn-model';
export const MODEL_FORMAT_VERSION = 1;

/** A tensor as stored in a model file: shape (PyTorch order) and row-major values. */
export interface StoredTensor {
  readonly shape: number[];
  readonly data: number[];
}

/** Metrics recorded with a model. */
export interface ModelMetrics {
  trainLoss?: MeanWithError;
  testLoss?: MeanWithError;
  [name: string]: MeanWithError | undefined;
}

/** The content of a model file holding a model of spec `S`. */
export interface StoredModel<S extends ModelSpec = ModelSpec> {
  readonly format: typeof MODEL_FORMAT;
  readonly version: typeof MODEL_FORMAT_VERSION;
  readonly library: { readonly name: 'hnn'; readonly version: string };
  readonly spec: S;
  /** The task the model was trained for, if any. */
  readonly task: string | null;
  /** Training settings and provenance (free-form). */
  readonly training: Record<string, unknown> | null;
  readonly metrics: ModelMetrics;
  /** Parameters by state-dict name (`linear1.weight`, …). */
  readonly weights: Record<string, StoredTensor>;
}

/** A model file of a model of states (an HNN or a baseline). */
export type StateModelFile = StoredModel<StateModelSpec>;

/** A model file of a pixel model (task 5): weights under the authors' PixelHNN names. */
export type PixelModelFile = StoredModel<PixelModelSpec>;

/** Any model file; `spec.kind === 'pixel'` tells the families apart. */
export type ModelFile = StateModelFile | PixelModelFile;

/** Context stored with a model. */
export interface ModelFileExtras {
  task?: string | null;
  training?: Record<string, unknown> | null;
  metrics?: ModelMetrics;
}

/** Describes a model and its context as a model file. */
export function modelToFile<A extends FloatArray>(model: DynamicsModel<A>, extras?: ModelFileExtras): StateModelFile;
export function modelToFile<A extends FloatArray>(model: PixelHNN<A>, extras?: ModelFileExtras): PixelModelFile;
export function modelToFile<A extends FloatArray>(model: TrainableModel<A, unknown>, extras?: ModelFileExtras): ModelFile;
export function modelToFile<A extends FloatArray>(model: TrainableModel<A, unknown>, extras: ModelFileExtras = {}): ModelFile {
  return storedModel(model.spec, model.namedParams(), extras) as ModelFile;
}

/** Whether a model file holds a pixel model (narrows the file's type). */
export function isPixelModelFile(file: ModelFile): file is PixelModelFile {
  return file.spec.kind === 'pixel';
}

/** The kind of dynamics a file holds (for a pixel model, the kind of its latent dynamics). */
export function modelKindOf(file: ModelFile): ModelKind {
  return file.spec.kind === 'pixel' ? file.spec.latent : file.spec.kind;
}

/** A model file of `spec` with the given named parameters and context. */
function storedModel<S extends ModelSpec, A extends FloatArray>(spec: S, params: [string, Param<A>][], extras: ModelFileExtras): StoredModel<S> {
  const weights: Record<string, StoredTensor> = {};
  for (const [name, p] of params) {
    const data = p.value instanceof Float32Array ? Array.from(p.value, shortFloat32) : Array.from(p.value);
    weights[name] = { shape: [...p.shape], data };
  }
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    library: { name: 'hnn', version: LIBRARY_VERSION },
    spec,
    task: extras.task ?? null,
    training: extras.training ?? null,
    metrics: extras.metrics ?? {},
    weights,
  };
}

/**
 * A decimal with 6 to 9 significant digits that reads back as exactly the float32 `x` (9 always do):
 * float32 weights written this way take about half the characters of their float64 form.
 */
export function shortFloat32(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  for (let digits = 6; digits < 9; digits++) {
    const y = Number(x.toPrecision(digits));
    if (Math.fround(y) === x) return y;
  }
  return Number(x.toPrecision(9));
}

/** A model file as JSON text (what `parseModelFileText` reads back). */
export function serializeModelFile(file: ModelFile): string {
  return JSON.stringify(file) + '\n';
}

/** Parses and validates the JSON text of a model file (`name` is used in error messages). */
export function parseModelFileText(text: string, name: string): ModelFile {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new FileFormatError(name, '', 'valid JSON', `a parse error (${(e as Error).message})`);
  }
  return parseModelFile(root, name);
}

/** Validates parsed JSON as a model file of either family (`name` is used in error messages). */
export function parseModelFile(root: unknown, name: string): ModelFile {
  const r = new JsonReader(name);
  r.object(root, '');
  const format = r.at(root, 'format');
  if (format !== MODEL_FORMAT) throw new FileFormatError(name, 'format', `"${MODEL_FORMAT}" (an hnn model file)`, format);
  const version = r.at(root, 'version');
  if (version !== MODEL_FORMAT_VERSION) throw new FileFormatError(name, 'version', `${MODEL_FORMAT_VERSION} (this library reads version ${MODEL_FORMAT_VERSION})`, version);
  const kind = r.string(root, 'spec.kind', ['hnn', 'baseline', 'dhnn', 'pixel'] as const);
  const spec = kind === 'pixel' ? readPixelSpec(r, root) : readStateSpec(r, root, kind);
  const task = r.at(root, 'task');
  if (task !== null && typeof task !== 'string') throw new FileFormatError(name, 'task', 'a string or null', task);
  const training = r.at(root, 'training');
  const shapes =
    spec.kind === 'pixel'
      ? createModel(new JsKernels<Float32Array>('float32'), spec).namedParams().map(([n, p]): [string, readonly number[]] => [n, p.shape])
      : spec.kind === 'dhnn'
        ? (['hamiltonian', 'dissipation'] as const).flatMap((net) => mlpParameterShapes(spec.mlp).map(([n, shape]): [string, number[]] => [`${net}.${n}`, shape]))
        : mlpParameterShapes(spec.mlp);
  const weights = readWeights(r, root, shapes);
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    library: { name: 'hnn', version: typeof r.at(root, 'library.version') === 'string' ? (r.at(root, 'library.version') as string) : 'unknown' },
    spec,
    task: task as string | null,
    training: training && typeof training === 'object' ? (training as Record<string, unknown>) : null,
    metrics: readMetrics(r, root),
    weights,
  } as ModelFile;
}

/** The spec of a model of states, every field checked. */
function readStateSpec(r: JsonReader, root: unknown, kind: ModelKind): StateModelSpec {
  const mlp = {
    inputDim: r.number(root, 'spec.mlp.inputDim', { integer: true, min: 1 }),
    hiddenDim: r.number(root, 'spec.mlp.hiddenDim', { integer: true, min: 1 }),
    outputDim: r.number(root, 'spec.mlp.outputDim', { integer: true, min: 1 }),
    hiddenLayers: r.number(root, 'spec.mlp.hiddenLayers', { integer: true, min: 1 }),
    activation: r.string(root, 'spec.mlp.activation', ACTIVATION_NAMES),
  };
  const expectedOut = kind === 'hnn' ? 2 : kind === 'dhnn' ? 1 : mlp.inputDim;
  if (mlp.outputDim !== expectedOut) throw new FileFormatError(r.file, 'spec.mlp.outputDim', `${expectedOut} for a ${kind} with input ${mlp.inputDim}`, mlp.outputDim);
  if (kind !== 'baseline' && mlp.inputDim % 2 !== 0) throw new FileFormatError(r.file, 'spec.mlp.inputDim', `an even number (q and p) for an ${kind}`, mlp.inputDim);
  return kind === 'hnn' ? { kind, field: r.string<FieldType>(root, 'spec.field', ['solenoidal', 'conservative', 'both']), mlp } : { kind, mlp };
}

/** The spec of a pixel model file, every field checked. */
function readPixelSpec(r: JsonReader, root: unknown): PixelModelSpec {
  const inputDim = r.number(root, 'spec.pixel.inputDim', { integer: true, min: 2 });
  if (inputDim % 2 !== 0) throw new FileFormatError(r.file, 'spec.pixel.inputDim', 'an even number (two frames per input)', inputDim);
  const weight = (term: string): number => r.number(root, `spec.pixel.lossWeights.${term}`, { min: 0 });
  return {
    kind: 'pixel',
    latent: r.string(root, 'spec.latent', ['hnn', 'baseline'] as const),
    pixel: {
      inputDim,
      hiddenDim: r.number(root, 'spec.pixel.hiddenDim', { integer: true, min: 1 }),
      autoencoderActivation: r.string(root, 'spec.pixel.autoencoderActivation', ACTIVATION_NAMES),
      dynamicsActivation: r.string(root, 'spec.pixel.dynamicsActivation', ACTIVATION_NAMES),
      lossWeights: { autoencoder: weight('autoencoder'), canonical: weight('canonical'), dynamics: weight('dynamics') },
    },
  };
}

/** The `weights` block: every named tensor present with exactly the expected shape and finite values. */
function readWeights(r: JsonReader, root: unknown, shapes: Iterable<readonly [string, readonly number[]]>): Record<string, StoredTensor> {
  const weights: Record<string, StoredTensor> = {};
  for (const [pname, shape] of shapes) {
    const size = shape.reduce((a, b) => a * b, 1);
    const field = ['weights', pname];
    const t = r.object(root, field);
    const gotShape = t['shape'];
    if (!Array.isArray(gotShape) || gotShape.length !== shape.length || gotShape.some((s, i) => s !== shape[i])) {
      throw new FileFormatError(r.file, `weights.${pname}.shape`, `[${shape.join(', ')}]`, gotShape);
    }
    weights[pname] = { shape: [...shape], data: Array.from(r.vector(root, [...field, 'data'], size)) };
  }
  return weights;
}

/** The metrics block: every entry must be { mean, stderr }. */
function readMetrics(r: JsonReader, root: unknown): ModelMetrics {
  const raw = r.at(root, 'metrics');
  if (raw === undefined || raw === null) return {};
  const obj = r.object(root, 'metrics');
  const out: ModelMetrics = {};
  for (const key of Object.keys(obj)) {
    out[key] = { mean: r.number(root, `metrics.${key}.mean`), stderr: r.number(root, `metrics.${key}.stderr`) };
  }
  return out;
}

/** Builds the model stored in a (validated) model file on the given kernels. */
export function modelFromFile<A extends FloatArray>(file: StateModelFile, kernels: Kernels<A>): DynamicsModel<A>;
export function modelFromFile<A extends FloatArray>(file: PixelModelFile, kernels: Kernels<A>): PixelHNN<A>;
export function modelFromFile<A extends FloatArray>(file: ModelFile, kernels: Kernels<A>): Model<A>;
export function modelFromFile<A extends FloatArray>(file: ModelFile, kernels: Kernels<A>): Model<A> {
  const model = createModel(kernels, file.spec);
  loadWeights(model.namedParams(), file);
  return model;
}

/** Copies a file's stored tensors into the named parameters. */
function loadWeights<A extends FloatArray>(params: [string, Param<A>][], file: ModelFile): void {
  for (const [name, p] of params) p.value.set(file.weights[name]!.data);
}

/**
 * The options of the pixel dataset a pixel model was trained on, as recorded in its file
 * (`training.dataset.options`); any option not recorded takes the paper's value.
 */
export function storedPixelDatasetOptions(file: PixelModelFile, name: string): PixelDatasetOptions {
  const r = new JsonReader(name);
  const root = { training: file.training };
  const read = (key: keyof PixelDatasetOptions): number => {
    const path = `training.dataset.options.${key}`;
    return r.at(root, path) === undefined ? PIXEL_DATASET_DEFAULTS[key] : r.number(root, path);
  };
  return { seed: read('seed'), trials: read('trials'), framesPerTrial: read('framesPerTrial'), side: read('side'), maxAngle: read('maxAngle'), testFraction: read('testFraction') };
}
