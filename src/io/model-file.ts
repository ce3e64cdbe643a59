import { FileFormatError, InputError } from '../core/errors.js';
import { JsonReader } from '../core/json-reader.js';
import { MAX_HIDDEN_LAYERS, MAX_PARAMETERS, MAX_SEED } from '../core/limits.js';
import { LIBRARY_VERSION } from '../core/version.js';
import type { MeanWithError } from '../eval/losses.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import { createModel, modelParameterShapes, modelSizeProblem, type Model } from '../models/factory.js';
import type { PixelHNN } from '../models/pixel-hnn.js';
import type { DynamicsModel, FieldType, ModelKind, ModelSpec, PixelModelSpec, StateModelSpec, TrainableModel } from '../models/types.js';
import { ACTIVATION_NAMES } from '../nn/activation.js';
import { taskByName, TASKS, type Task } from '../tasks/registry.js';
import { taskFromRecipe } from '../tasks/recipes.js';
import type { Param } from '../nn/layer.js';
import { PIXEL_DATASET_DEFAULTS, pixelDatasetOptionsProblem, type PixelDatasetOptions } from '../systems/pixel-pendulum/dataset.js';

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

/**
 * Validates parsed JSON as a model file of either family (`name` is used in error messages): the
 * structure and every type, the spec's sizes against the limits (before any shape is listed or any
 * array allocated: at most MAX_HIDDEN_LAYERS hidden layers and MAX_PARAMETERS parameters), each
 * weight tensor's shape and values (finite as float32, which the kernels compute in), the metrics,
 * and the parts of `training` that are read back (the seed; a pixel model's dataset options, which
 * must describe frames the model reads). Throws FileFormatError naming the field.
 */
export function parseModelFile(root: unknown, name: string): ModelFile {
  const r = new JsonReader(name);
  r.object(root, '');
  const format = r.at(root, 'format');
  if (format !== MODEL_FORMAT) throw new FileFormatError(name, 'format', `"${MODEL_FORMAT}" (an hnn model file)`, format);
  const version = r.at(root, 'version');
  if (version !== MODEL_FORMAT_VERSION) throw new FileFormatError(name, 'version', `${MODEL_FORMAT_VERSION} (this library reads version ${MODEL_FORMAT_VERSION})`, version);
  r.object(root, 'spec');
  const kind = r.string(root, 'spec.kind', ['hnn', 'baseline', 'dhnn', 'pixel'] as const);
  const spec = kind === 'pixel' ? readPixelSpec(r, root) : readStateSpec(r, root, kind);
  const tooLarge = modelSizeProblem(spec);
  if (tooLarge) throw new FileFormatError(name, `spec.${tooLarge.field}`, tooLarge.expected, tooLarge.got);
  const task = r.at(root, 'task');
  if (task !== undefined && task !== null && typeof task !== 'string') throw new FileFormatError(name, 'task', 'a string or null', task);
  if (typeof task === 'string') checkTaskFits(name, task, spec);
  const training = readTraining(r, root);
  const weights = readWeights(r, root, modelParameterShapes(spec));
  const libraryVersion = r.at(root, 'library.version');
  const file = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    library: { name: 'hnn', version: typeof libraryVersion === 'string' ? libraryVersion : 'unknown' },
    spec,
    task: (task ?? null) as string | null,
    training,
    metrics: readMetrics(r, root),
    weights,
  } as ModelFile;
  // Recorded dataset options are checked now; a pixel model that records none is checked when its data are needed.
  if (isPixelModelFile(file) && r.at(root, 'training.dataset.options') !== undefined) storedPixelDatasetOptions(file, name);
  return file;
}

/** Throws FileFormatError when `task` names a built-in task that the spec's model cannot be for (another family or state dimension). */
function checkTaskFits(name: string, taskName: string, spec: ModelSpec): void {
  const task = TASKS.find((t) => t.name === taskName);
  if (!task) return; // a task of the user's own (a module), known once it is loaded
  if (task.family === 'pixel' && spec.kind !== 'pixel') throw new FileFormatError(name, 'task', `a task on states for a ${spec.kind} model`, taskName);
  if (task.family === 'state' && spec.kind === 'pixel') throw new FileFormatError(name, 'task', 'pixel-pendulum for a pixel model', taskName);
  if (task.family === 'state' && spec.kind !== 'pixel' && task.dim !== spec.mlp.inputDim) {
    throw new FileFormatError(name, 'task', `a task of state dimension ${spec.mlp.inputDim} (the model's input width)`, `${taskName} (state dimension ${task.dim})`);
  }
}

/** The spec of a model of states, every field checked. */
function readStateSpec(r: JsonReader, root: unknown, kind: ModelKind): StateModelSpec {
  r.object(root, 'spec.mlp');
  const size = { integer: true, min: 1, max: MAX_PARAMETERS } as const;
  const mlp = {
    inputDim: r.number(root, 'spec.mlp.inputDim', size),
    hiddenDim: r.number(root, 'spec.mlp.hiddenDim', size),
    outputDim: r.number(root, 'spec.mlp.outputDim', size),
    hiddenLayers: r.number(root, 'spec.mlp.hiddenLayers', { integer: true, min: 1, max: MAX_HIDDEN_LAYERS }),
    activation: r.string(root, 'spec.mlp.activation', ACTIVATION_NAMES),
  };
  const expectedOut = kind === 'hnn' ? 2 : kind === 'dhnn' ? 1 : mlp.inputDim;
  if (mlp.outputDim !== expectedOut) throw new FileFormatError(r.file, 'spec.mlp.outputDim', `${expectedOut} for a ${kind} with input ${mlp.inputDim}`, mlp.outputDim);
  if (kind !== 'baseline' && mlp.inputDim % 2 !== 0) throw new FileFormatError(r.file, 'spec.mlp.inputDim', `an even number (q and p) for an ${kind}`, mlp.inputDim);
  return kind === 'hnn' ? { kind, field: r.string<FieldType>(root, 'spec.field', ['solenoidal', 'conservative', 'both']), mlp } : { kind, mlp };
}

/** The spec of a pixel model file, every field checked. */
function readPixelSpec(r: JsonReader, root: unknown): PixelModelSpec {
  r.object(root, 'spec.pixel');
  const inputDim = r.number(root, 'spec.pixel.inputDim', { integer: true, min: 2, max: MAX_PARAMETERS });
  if (inputDim % 2 !== 0) throw new FileFormatError(r.file, 'spec.pixel.inputDim', 'an even number (two frames per input)', inputDim);
  r.object(root, 'spec.pixel.lossWeights');
  const weight = (term: string): number => r.number(root, `spec.pixel.lossWeights.${term}`, { min: 0, float32: true });
  return {
    kind: 'pixel',
    latent: r.string(root, 'spec.latent', ['hnn', 'baseline'] as const),
    pixel: {
      inputDim,
      hiddenDim: r.number(root, 'spec.pixel.hiddenDim', { integer: true, min: 1, max: MAX_PARAMETERS }),
      autoencoderActivation: r.string(root, 'spec.pixel.autoencoderActivation', ACTIVATION_NAMES),
      dynamicsActivation: r.string(root, 'spec.pixel.dynamicsActivation', ACTIVATION_NAMES),
      lossWeights: { autoencoder: weight('autoencoder'), canonical: weight('canonical'), dynamics: weight('dynamics') },
    },
  };
}

/**
 * The `training` block: free-form (null or absent when the file says nothing), but the parts read
 * back are checked: `seed` (the data of a task are made again with it) an integer in [0, 2^32 − 1].
 */
function readTraining(r: JsonReader, root: unknown): Record<string, unknown> | null {
  const training = r.at(root, 'training');
  if (training === undefined || training === null) return null;
  r.object(root, 'training');
  if (r.at(root, 'training.seed') !== undefined) r.number(root, 'training.seed', { integer: true, min: 0, max: MAX_SEED });
  return training as Record<string, unknown>;
}

/** The `weights` block: every named tensor present with exactly the expected shape and values finite as float32. */
function readWeights(r: JsonReader, root: unknown, shapes: Iterable<readonly [string, readonly number[]]>): Record<string, StoredTensor> {
  r.object(root, 'weights');
  const weights: Record<string, StoredTensor> = {};
  for (const [pname, shape] of shapes) {
    const size = shape.reduce((a, b) => a * b, 1);
    const field = ['weights', pname];
    const t = r.object(root, field);
    const gotShape = t['shape'];
    if (!Array.isArray(gotShape) || gotShape.length !== shape.length || gotShape.some((s, i) => s !== shape[i])) {
      throw new FileFormatError(r.file, `weights.${pname}.shape`, `[${shape.join(', ')}]`, gotShape);
    }
    weights[pname] = { shape: [...shape], data: Array.from(r.vector(root, [...field, 'data'], size, { float32: true })) };
  }
  return weights;
}

/** The metrics block: every entry must be { mean, stderr } (finite; NaN is not a measurement). */
function readMetrics(r: JsonReader, root: unknown): ModelMetrics {
  const raw = r.at(root, 'metrics');
  if (raw === undefined || raw === null) return {};
  const obj = r.object(root, 'metrics');
  const out: ModelMetrics = {};
  for (const key of Object.keys(obj)) {
    r.object(root, ['metrics', key]);
    out[key] = { mean: r.number(root, ['metrics', key, 'mean']), stderr: r.number(root, ['metrics', key, 'stderr']) };
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
 * (`training.dataset.options`); any option not recorded takes the paper's value. Every option is
 * checked against the generator's ranges (pixelDatasetOptionsProblem), the frame side against the
 * model's input (two frames of side² pixels) and both splits must hold rows: FileFormatError otherwise.
 */
export function storedPixelDatasetOptions(file: PixelModelFile, name: string): PixelDatasetOptions {
  const r = new JsonReader(name);
  const root = { training: file.training };
  const prefix = 'training.dataset.options';
  for (const path of ['training.dataset', prefix]) if (r.at(root, path) !== undefined) r.object(root, path);
  const recorded = (key: keyof PixelDatasetOptions): boolean => r.at(root, `${prefix}.${key}`) !== undefined;
  const read = (key: keyof PixelDatasetOptions): number => (recorded(key) ? r.number(root, `${prefix}.${key}`) : PIXEL_DATASET_DEFAULTS[key]);
  const options: PixelDatasetOptions = { seed: read('seed'), trials: read('trials'), framesPerTrial: read('framesPerTrial'), side: read('side'), maxAngle: read('maxAngle'), testFraction: read('testFraction') };
  const problem = pixelDatasetOptionsProblem(options);
  if (problem) throw new FileFormatError(name, `${prefix}.${problem.key}`, problem.expected, problem.got);
  const inputDim = file.spec.pixel.inputDim;
  if (2 * options.side * options.side !== inputDim) {
    const got = recorded('side') ? options.side : `nothing (the paper's ${options.side} applies)`;
    throw new FileFormatError(name, `${prefix}.side`, `the side of the frames the model reads (its input is ${inputDim} values: two frames of side² pixels)`, got);
  }
  const rows = options.trials * (options.framesPerTrial - 3);
  const test = Math.floor(rows * options.testFraction);
  if (test < 1 || test >= rows) {
    throw new FileFormatError(name, `${prefix}.testFraction`, `a fraction that leaves rows for both splits (${rows} rows of ${options.trials} trials × ${options.framesPerTrial - 3} inputs; the test split takes ⌊fraction × rows⌋)`, options.testFraction);
  }
  return options;
}

/**
 * The task a model file was trained on: one made again from the recipe it records (`training.task`;
 * a CSV task reads its data through `readText`, and `energy` replaces its true energy), or a task
 * known by name (built in, or registered by a task module loaded first). Null when the file names no
 * task; FileFormatError naming `task` for a name no task has.
 */
export function recordedTask(file: ModelFile, path: string, readText: (name: string) => string, energy?: string): Task | null {
  const recipe = file.training?.['task'];
  if (recipe !== null && typeof recipe === 'object' && (recipe as Record<string, unknown>)['kind'] !== 'module') {
    return taskFromRecipe(energy !== undefined && !Array.isArray(recipe) ? { ...recipe, energy } : recipe, path, readText);
  }
  if (file.task === null) return null;
  try {
    return taskByName(file.task);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const known = /expected one of (.*)$/.exec(e.message)?.[1] ?? 'a known task';
    throw new FileFormatError(path, 'task', `a known task (${known}; or a task module's, loaded first)`, file.task);
  }
}
