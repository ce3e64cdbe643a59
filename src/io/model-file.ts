import type { FloatArray, Kernels } from '../kernels/types.js';
import { createModel } from '../models/factory.js';
import type { DynamicsModel, FieldType, ModelSpec } from '../models/types.js';
import { ACTIVATION_NAMES } from '../nn/activation.js';
import { mlpParameterShapes } from '../nn/mlp.js';
import { LIBRARY_VERSION } from '../version.js';
import type { MeanWithError } from '../eval/losses.js';
import { readJsonFile, writeFileAtomic } from './files.js';
import { FileFormatError, JsonReader } from './validate.js';

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

/** The content of a model file. */
export interface ModelFile {
  readonly format: typeof MODEL_FORMAT;
  readonly version: typeof MODEL_FORMAT_VERSION;
  readonly library: { readonly name: 'hnn'; readonly version: string };
  readonly spec: ModelSpec;
  /** The task the model was trained for, if any. */
  readonly task: string | null;
  /** Training settings and provenance (free-form). */
  readonly training: Record<string, unknown> | null;
  readonly metrics: ModelMetrics;
  /** Parameters by state-dict name (`linear1.weight`, …). */
  readonly weights: Record<string, StoredTensor>;
}

/** Describes a model and its context as a model file. */
export function modelToFile<A extends FloatArray>(
  model: DynamicsModel<A>,
  extras: { task?: string | null; training?: Record<string, unknown> | null; metrics?: ModelMetrics } = {},
): ModelFile {
  const weights: Record<string, StoredTensor> = {};
  for (const [name, p] of model.net.namedParams()) weights[name] = { shape: [...p.shape], data: Array.from(p.value) };
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    library: { name: 'hnn', version: LIBRARY_VERSION },
    spec: model.spec,
    task: extras.task ?? null,
    training: extras.training ?? null,
    metrics: extras.metrics ?? {},
    weights,
  };
}

/** Saves a model file atomically (temporary name, then rename). */
export function saveModelFile(path: string, file: ModelFile): void {
  writeFileAtomic(path, JSON.stringify(file) + '\n');
}

/** Reads and validates a model file; errors name the file and the offending field. */
export function loadModelFile(path: string): ModelFile {
  return parseModelFile(readJsonFile(path), path);
}

/** Validates parsed JSON as a model file (`name` is used in error messages). */
export function parseModelFile(root: unknown, name: string): ModelFile {
  const r = new JsonReader(name);
  r.object(root, '');
  const format = r.at(root, 'format');
  if (format !== MODEL_FORMAT) throw new FileFormatError(name, 'format', `"${MODEL_FORMAT}" (an hnn model file)`, format);
  const version = r.at(root, 'version');
  if (version !== MODEL_FORMAT_VERSION) throw new FileFormatError(name, 'version', `${MODEL_FORMAT_VERSION} (this library reads version ${MODEL_FORMAT_VERSION})`, version);
  const kind = r.string(root, 'spec.kind', ['hnn', 'baseline'] as const);
  const mlp = {
    inputDim: r.number(root, 'spec.mlp.inputDim', { integer: true, min: 1 }),
    hiddenDim: r.number(root, 'spec.mlp.hiddenDim', { integer: true, min: 1 }),
    outputDim: r.number(root, 'spec.mlp.outputDim', { integer: true, min: 1 }),
    hiddenLayers: r.number(root, 'spec.mlp.hiddenLayers', { integer: true, min: 1 }),
    activation: r.string(root, 'spec.mlp.activation', ACTIVATION_NAMES),
  };
  const expectedOut = kind === 'hnn' ? 2 : mlp.inputDim;
  if (mlp.outputDim !== expectedOut) throw new FileFormatError(name, 'spec.mlp.outputDim', `${expectedOut} for a ${kind} with input ${mlp.inputDim}`, mlp.outputDim);
  if (kind === 'hnn' && mlp.inputDim % 2 !== 0) throw new FileFormatError(name, 'spec.mlp.inputDim', 'an even number (q and p) for an hnn', mlp.inputDim);
  const spec: ModelSpec =
    kind === 'hnn' ? { kind, field: r.string<FieldType>(root, 'spec.field', ['solenoidal', 'conservative', 'both']), mlp } : { kind, mlp };
  const task = r.at(root, 'task');
  if (task !== null && typeof task !== 'string') throw new FileFormatError(name, 'task', 'a string or null', task);
  const training = r.at(root, 'training');
  const weights: Record<string, StoredTensor> = {};
  for (const [pname, shape] of mlpParameterShapes(mlp)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const field = ['weights', pname];
    const t = r.object(root, field);
    const gotShape = t['shape'];
    if (!Array.isArray(gotShape) || gotShape.length !== shape.length || gotShape.some((s, i) => s !== shape[i])) {
      throw new FileFormatError(name, `weights.${pname}.shape`, `[${shape.join(', ')}]`, gotShape);
    }
    weights[pname] = { shape: [...shape], data: Array.from(r.vector(root, [...field, 'data'], size)) };
  }
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    library: { name: 'hnn', version: typeof r.at(root, 'library.version') === 'string' ? (r.at(root, 'library.version') as string) : 'unknown' },
    spec,
    task: task as string | null,
    training: training && typeof training === 'object' ? (training as Record<string, unknown>) : null,
    metrics: readMetrics(r, root),
    weights,
  };
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
export function modelFromFile<A extends FloatArray>(file: ModelFile, kernels: Kernels<A>): DynamicsModel<A> {
  const model = createModel(kernels, file.spec);
  for (const [name, p] of model.net.namedParams()) p.value.set(file.weights[name]!.data);
  return model;
}
