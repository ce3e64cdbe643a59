import type { ModelKind, StateModelSpec } from '../models/types.js';
import { ACTIVATION_NAMES } from '../nn/activation.js';
import { mlpParameterShapes, type MlpSpec } from '../nn/mlp.js';
import { LIBRARY_VERSION } from '../core/version.js';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type StateModelFile, type StoredTensor } from './model-file.js';
import { FileFormatError, InputError } from '../core/errors.js';
import { TASKS } from '../tasks/registry.js';
import { JsonReader } from '../core/json-reader.js';
import { MAX_HIDDEN_LAYERS } from '../core/limits.js';
import { modelSizeProblem } from '../models/factory.js';

/** Prefix of the parameter names in the authors' state dicts. */
const PREFIX = 'differentiable_model.';

/**
 * Converts the authors' PyTorch weights (parsed JSON of a state dict: `state_dict` with
 * `differentiable_model.linearN.weight` as [out][in] nested arrays, plus `input_dim`, `hidden_dim`,
 * `nonlinearity`) into this library's model file for `task` (a task on states) and `kind`; `path`
 * names the source in errors and in the file's provenance. Checked as a model file is: the input width
 * is the task's state dimension, every tensor has its shape, every value is finite as a float32, and
 * the model stays within the size limits (FileFormatError naming the field).
 */
export function importTorchStateDict(root: unknown, path: string, task: string, kind: ModelKind): StateModelFile {
  const stateTasks = TASKS.filter((t) => t.family === 'state');
  const target = stateTasks.find((t) => t.name === task);
  if (!target || target.family !== 'state') throw new InputError(`task "${task}" cannot hold imported weights; expected one of ${stateTasks.map((t) => t.name).join(', ')}`);
  if (kind !== 'hnn' && kind !== 'baseline') throw new InputError(`model kind "${kind}" cannot be imported; expected hnn or baseline (the authors' models)`);
  const r = new JsonReader(path);
  r.object(root, '');
  const stateDict = r.object(root, 'state_dict');
  const declared = r.at(root, 'model');
  if (declared !== undefined && declared !== kind) throw new FileFormatError(path, 'model', `"${kind}" (as --model says)`, declared);
  const f32 = { float32: true } as const;
  const w1 = r.matrix(root, ['state_dict', `${PREFIX}linear1.weight`], undefined, f32);
  if (w1.cols !== target.dim) throw new FileFormatError(path, `state_dict.${PREFIX}linear1.weight[0]`, `rows of ${target.dim} numbers (the state dimension of task ${task})`, `a row of ${w1.cols}`);
  const linearCount = Object.keys(stateDict).filter((k) => /^differentiable_model\.linear\d+\.weight$/.test(k)).length;
  if (linearCount < 2 || linearCount - 1 > MAX_HIDDEN_LAYERS) {
    throw new FileFormatError(path, 'state_dict', `from 2 to ${MAX_HIDDEN_LAYERS + 1} layers ${PREFIX}linearN.weight (an MLP with at least one hidden layer)`, `${linearCount} layer${linearCount === 1 ? '' : 's'}`);
  }
  const activation = r.at(root, 'nonlinearity') === undefined ? 'tanh' : r.string(root, 'nonlinearity', ACTIVATION_NAMES);
  const inputDim = w1.cols;
  const mlp: MlpSpec = { inputDim, hiddenDim: w1.rows, hiddenLayers: linearCount - 1, outputDim: kind === 'hnn' ? 2 : inputDim, activation };
  const spec: StateModelSpec = kind === 'hnn' ? { kind, field: 'solenoidal', mlp } : { kind, mlp };
  const tooLarge = modelSizeProblem(spec);
  if (tooLarge) throw new FileFormatError(path, `state_dict.${PREFIX}linear1.weight`, tooLarge.expected, tooLarge.got);
  const weights: Record<string, StoredTensor> = {};
  for (const [name, shape] of mlpParameterShapes(mlp)) {
    const key = PREFIX + name;
    const field = ['state_dict', key];
    let data: Float64Array;
    if (shape.length === 2) {
      const m = r.matrix(root, field, shape[1], f32);
      if (m.rows !== shape[0]) throw new FileFormatError(path, field.join('.'), `${shape[0]} rows of ${shape[1]}`, `${m.rows} rows`);
      data = m.data;
    } else {
      data = r.vector(root, field, shape[0]!, f32);
    }
    weights[name] = { shape, data: Array.from(data) };
  }
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    library: { name: 'hnn', version: LIBRARY_VERSION },
    spec,
    task,
    training: { importedFrom: path, source: 'PyTorch state dict (authors\' reference implementation)' },
    metrics: {},
    weights,
  };
}
