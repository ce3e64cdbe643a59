// The lab's stand-in for the library's `prepareTaskRun` (src/run/run-task.ts on main, with its
// `Trainer`; not exported from `hnn` yet): a task's run built as `runTask` builds it — weights from
// seed 2·seed, batches from 2·seed + 1, the task's defaults for what is not set — trained one step at
// a time, and its model file as the CLI writes it (metrics, settings, the task's recipe). When `hnn`
// exports prepareTaskRun, this file and stepper.ts give way to it.
import { createModel, lossWithError, modelToFile, Random } from 'hnn';
import type { Dataset, DynamicsModel, Kernels, Samples, StateModelFile, StateModelSpec, StateTask, TrainingDefaults } from 'hnn';
import type { LabKind, TrainSettings } from './protocol.js';
import { Stepper } from './stepper.js';

/** `train`'s history interval in runTask and the CLI. */
const LOG_EVERY = 100;

/** A run ready to train step by step; `finish` measures it and makes its model file. */
export interface PreparedRun {
  readonly model: DynamicsModel<Float32Array>;
  readonly trainer: Stepper;
  finish(): { readonly file: StateModelFile };
}

/** The run of a model of `kind` on `task`'s `data` with the page's settings (the others the task's defaults). */
export function prepareRun(task: StateTask, kernels: Kernels<Float32Array>, kind: LabKind, seed: number, data: Dataset, page: TrainSettings): PreparedRun {
  const settings: TrainingDefaults = { ...task.defaults, ...page };
  const mlp = { inputDim: task.dim, hiddenDim: settings.hiddenDim, hiddenLayers: settings.hiddenLayers, activation: settings.activation };
  const spec: StateModelSpec = kind === 'hnn' ? { kind, field: 'solenoidal', mlp: { ...mlp, outputDim: 2 } } : { kind, mlp: { ...mlp, outputDim: task.dim } };
  const model = createModel(kernels, spec, new Random(2 * seed));
  const { steps, batchSize, lr, weightDecay } = settings;
  const trainer = new Stepper(model, data, { steps, batchSize, lr, weightDecay, seed: 2 * seed + 1, logEvery: LOG_EVERY });
  const started = performance.now();
  return {
    model,
    trainer,
    finish: () => {
      const metrics = { trainLoss: lossWithError<Float32Array, Samples>(model, data.train), testLoss: lossWithError<Float32Array, Samples>(model, data.test) };
      const recipe = task.recipe ? { task: task.recipe } : {};
      const seconds = (performance.now() - started) / 1000;
      const training = { ...settings, seed, backend: kernels.name, threads: kernels.threads, seconds, ...recipe, dataset: data.meta ?? null, history: trainer.history };
      return { file: modelToFile(model, { task: task.name, training, metrics }) };
    },
  };
}
