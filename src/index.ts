// Public API of the hnn library.
export { Random } from './core/random.js';
export { NumpyRandom } from './core/numpy-random.js';
export type { Rng } from './core/rng.js';
export type { Dataset } from './core/dataset.js';

export type { Kernels, FloatArray, DType } from './kernels/types.js';
export { JsKernels } from './kernels/js.js';
export { createKernels, type Backend } from './kernels/select.js';

export type { Layer, Param } from './nn/layer.js';
export { Linear } from './nn/linear.js';
export { Activation, activationByName, ACTIVATION_NAMES, type ActivationName, type ActivationFunction } from './nn/activation.js';
export { Sequential } from './nn/sequential.js';
export { Residual } from './nn/residual.js';
export { Mlp, mlpParameterShapes, type MlpSpec } from './nn/mlp.js';
export { orthogonalInit, uniformInit } from './nn/init.js';

export { HNN } from './models/hnn.js';
export { Baseline } from './models/baseline.js';
export { createModel, createPixelModel, pixelModelSpec } from './models/factory.js';
export type { DynamicsModel, ModelSpec, ModelKind, FieldType, PixelModelSpec, AnyModelSpec } from './models/types.js';
export { PixelHNN, PIXEL_HNN_DEFAULTS, PIXEL_LOSS_WEIGHTS, type PixelHNNSpec, type PixelLossWeights } from './models/pixel-hnn.js';

export { Adam, ADAM_DEFAULTS, type AdamOptions } from './optim/adam.js';
export { train, type TrainOptions, type TrainProgress, type TrainResult, type HistoryPoint } from './train/train.js';
export { trainPixel } from './train/pixel-train.js';

export { solveIvp } from './integrate/dopri5.js';
export { rk4 } from './integrate/rk4.js';
export { linspace } from './integrate/linspace.js';
export type { OdeFunction, OdeResult } from './integrate/types.js';

export type { HamiltonianSystem } from './systems/types.js';
export { spring } from './systems/spring.js';
export { pendulum } from './systems/pendulum.js';
export { generateSpringDataset, generatePendulumDataset, generateTrajectoryDataset } from './systems/trajectory-dataset.js';

export { lossWithError, type MeanWithError } from './eval/losses.js';
export { PAPER_TABLE1 } from './eval/paper-table.js';
export { table1Markdown, type Table1Entry } from './eval/table1.js';

export {
  taskByName,
  TASK_NAMES,
  ALL_TASK_NAMES,
  PIXEL_TASK,
  PIXEL_TASK_NAME,
  isPixelTask,
  type TaskSpec,
  type TaskName,
  type AnyTaskName,
  type PixelTaskSpec,
  type PixelTrainingDefaults,
} from './tasks/registry.js';
export { runTask, runPixelTask, pixelTaskDataset, type TaskRunOptions, type TaskRun, type PixelTaskRunOptions, type PixelTaskRun } from './tasks/run.js';

export {
  saveModelFile,
  loadModelFile,
  loadAnyModelFile,
  parseModelFile,
  parseAnyModelFile,
  modelFromFile,
  modelToFile,
  pixelModelFromFile,
  pixelModelToFile,
  isPixelModelFile,
  storedPixelDatasetOptions,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelFile,
  type PixelModelFile,
  type AnyModelFile,
} from './io/model-file.js';
export { importTorchStateDict } from './io/torch-import.js';
export { readDatasetFile } from './io/dataset-file.js';
export { InputError, FileFormatError } from './io/validate.js';
export { LIBRARY_VERSION } from './version.js';

export { integrate, integrateBatch, INTEGRATORS, type IntegratorName } from './integrate/integrate.js';
export { measureEnergyMse, type EnergyMetricOptions } from './eval/energy-metric.js';
export { energyMse, type EnergyMse } from './eval/energy.js';
export { simulateModel, type SimulateOptions, type Simulation } from './eval/simulate.js';
export { timeReversal } from './eval/time-reversal.js';
export { loadRealPendulum, parseRealPendulum, realPendulum } from './systems/real-pendulum.js';
export { nbodySystem, nbodyEnergy } from './systems/nbody.js';
export { generateTwoBodyDataset } from './systems/two-body.js';
export { generateThreeBodyDataset } from './systems/three-body.js';
export { generatePixelPendulumDataset, pixelDatasetHash, pixelInputOfState, pendulumFramesThrough, PIXEL_STATE_MAX_P, PIXEL_DATASET_DEFAULTS, type PixelDataset, type PixelDatasetOptions, type PixelSplit } from './systems/pixel-pendulum/dataset.js';
export { cachedPixelPendulumDataset, pixelDatasetCachePath } from './systems/pixel-pendulum/cache.js';
export { renderPendulum, PIXEL_PENDULUM_VIEW, type PendulumView } from './systems/pixel-pendulum/renderer.js';
export { pixelPendulumEnergy, gymPendulumStep, gymPendulumStepBack, GYM_PENDULUM } from './systems/pixel-pendulum/dynamics.js';
export { pixelLossWithError } from './eval/pixel-losses.js';
export { measurePixelEnergyMse, canonicalRollouts, PIXEL_ENERGY_PROTOCOL, type PixelEnergyMse } from './eval/pixel-energy.js';
export { fitAffineMap, applyAffineMap, type AffineMap } from './eval/pixel-affine.js';
export { latentCodes, rollOutLatent, testTrajectories, type LatentModel } from './eval/pixel-rollout.js';
export * from './plot/index.js';
export {
  writePixelFigures,
  pixelFigures,
  pixelAnimation,
  pixelModelFigure,
  rolloutAnimation,
  stateRolloutAnimation,
  type PixelModels,
  type PixelPlotKind,
  type LabelledLatentModel,
  type WrittenAnimation,
} from './plot/pixel-figures.js';
export { latentPhaseFigure, type LatentPanel } from './plot/pixel-latent-figure.js';
export { sideBySideGif, type AnimationPanel, type AnimationOptions } from './plot/pixel-animation.js';
export { encodeGreyGif } from './plot/gif.js';
