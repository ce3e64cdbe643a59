// hnn — the compute core: runs in Node, in a browser page and in a Web Worker (no `node:` import).
// Files, caches and worker_threads are in `hnn/node`; figures in `hnn/plot`.

// core: seeded random generators, data types, errors, expressions
export { Random } from './core/random.js';
export { NumpyRandom } from './core/numpy-random.js';
export type { Rng } from './core/rng.js';
export type { Dataset, Samples, TrainingData } from './core/dataset.js';
export { InputError, FileFormatError, CapacityError } from './core/errors.js';
export { LIBRARY_VERSION } from './core/version.js';
export { parseExpression, ExpressionError, type Expression } from './core/expression.js';
export type { Trajectory } from './core/trajectory.js';

// kernels: dense float32 linear algebra (WebAssembly SIMD, or the TypeScript reference)
export { createKernels, BACKENDS, type Backend, type KernelOptions, type SelectedKernels } from './kernels/select.js';
export { initKernels } from './kernels/wasm.js';
export { threadPoolStats, type PoolStats } from './kernels/thread-pool.js';
export { JsKernels } from './kernels/js.js';
export type { Kernels, FloatArray, DType } from './kernels/types.js';

// nn: layers with forward, tangent, backward and dual passes
export { Linear } from './nn/linear.js';
export { Activation, ACTIVATION_NAMES, type ActivationName } from './nn/activation.js';
export { Sequential } from './nn/sequential.js';
export { Residual } from './nn/residual.js';
export { Mlp, type MlpSpec } from './nn/mlp.js';
export type { Layer, Param } from './nn/layer.js';

// models: the HNN, the baseline, the pixel model
export { HNN } from './models/hnn.js';
export { DHNN } from './models/dhnn.js';
export { Baseline } from './models/baseline.js';
export { PixelHNN, PIXEL_DEFAULTS } from './models/pixel-hnn.js';
export { createModel, type Model } from './models/factory.js';
export { hasHamiltonian, type DynamicsModel, type HamiltonianModel, type TrainableModel, type ModelSpec, type StateModelSpec, type PixelModelSpec, type ModelKind, type FieldType } from './models/types.js';

// optim
export { Adam, type AdamOptions } from './optim/adam.js';

// integrate: scipy-compatible RK45, RK4, leapfrog, implicit midpoint
export { integrate, INTEGRATORS, type IntegratorName, type IntegrateOptions } from './integrate/integrate.js';
export { solveIvp } from './integrate/dopri5.js';
export { rk4 } from './integrate/rk4.js';
export { linspace } from './integrate/linspace.js';
export type { OdeFunction, OdeResult } from './integrate/types.js';

// systems: the paper's physical systems and their data generators
export type { HamiltonianSystem } from './systems/types.js';
export { spring } from './systems/spring.js';
export { pendulum } from './systems/pendulum.js';
export { realPendulum } from './systems/real-pendulum.js';
export { nbodySystem, nbodyEnergy } from './systems/nbody.js';
export { generateSpringDataset, generatePendulumDataset, generateTrajectoryDataset } from './systems/trajectory-dataset.js';
export { generateTwoBodyDataset } from './systems/two-body.js';
export { generateThreeBodyDataset } from './systems/three-body.js';
export { generatePixelPendulumDataset, pixelInputOfState, type PixelDataset, type PixelDatasetOptions } from './systems/pixel-pendulum/dataset.js';
export { renderPendulum } from './systems/pixel-pendulum/renderer.js';

// data: reading data: CSV trajectories, the real pendulum's text, dataset JSON; derivatives; splits
export { parseRealPendulum } from './data/real-pendulum-file.js';
export { readCsvTrajectories, type CsvTrajectories } from './data/csv-trajectories.js';
export { parseCoordinateNames, type CoordinateNames } from './data/coordinate-names.js';
export { estimateDerivatives, type DerivativeOptions } from './data/derivative-estimation.js';
export { splitTrajectories } from './data/trajectory-split.js';
export { parseDatasetJson } from './data/dataset-json.js';

// tasks: a task is one value (system, data, training defaults, energy metric, figure view, the paper's row)
export { TASKS, TASK_NAMES, taskByName, registerTask, type TaskName, type Task, type StateTask, type PixelTask, type TrainingDefaults, type DataSource } from './tasks/registry.js';
export type { TaskSystem, TaskEnergyMetric, FigureView, PlaneBox } from './tasks/task.js';
export { defineTask, type TaskDefinition } from './tasks/define-task.js';
export { taskFromExpression, type ExpressionTaskOptions } from './tasks/expression-task.js';
export { taskFromCsv, type CsvTaskOptions } from './tasks/csv-task.js';
export { taskFromRecipe } from './tasks/recipes.js';
export { PAPER_DRAW, type Draw } from './tasks/draw.js';
export { dampedSpringTask } from './tasks/damped-spring.js';
export { PROTOCOL_NAMES, type ProtocolName, type EnergyProtocol } from './tasks/energy-protocol.js';

// train
export { train, Trainer, type TrainerState, type TrainOptions, type TrainProgress, type TrainResult, type HistoryPoint } from './train/train.js';

// eval: losses with their ±, the energy metric, paths, Table 1
export { lossWithError, type MeanWithError } from './eval/losses.js';
export { measureEnergyMse, measureTaskEnergy, type EnergyMetricOptions } from './eval/energy-metric.js';
export type { EnergyMse } from './eval/energy.js';
export { simulateModel, type SimulateOptions, type Simulation } from './eval/simulate.js';
export { timeReversal, type TimeReversal } from './eval/time-reversal.js';
export { PAPER_TABLE1 } from './tasks/paper-table.js';
export { table1Markdown, type Table1Entry } from './eval/table1.js';

// io: the model-file format, the authors' weights and datasets, as objects and text
export { modelToFile, modelFromFile, parseModelFile, parseModelFileText, serializeModelFile, isPixelModelFile, MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelFile, type StateModelFile, type PixelModelFile } from './io/model-file.js';
export { importTorchStateDict } from './io/torch-import.js';

// run: a task's whole recipe in one call
export { runTask, prepareTaskRun, type PreparedRun, type TaskRunOptions, type TaskRun } from './run/run-task.js';
