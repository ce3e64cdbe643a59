// hnn/node — what needs Node: kernels with worker threads, files (atomic writes, gzip), file readers,
// the pixel frame cache, and the resumable Table 1 reproduction.
export { createKernels, createWasmKernels, defaultThreads, NODE_BACKENDS, type Backend } from './kernels.js';
export { createNativeKernels, nativeKernelsStatus, NativeKernels, type NativeKernelOptions, type NativeIsa } from './native-kernels.js';
export { nodeWorkerHost } from './worker-host.js';
export { writeFileAtomic, writeJsonFile, readJsonFile } from './files.js';
export { saveModelFile, loadModelFile } from './model-files.js';
export { readTextFile, readDatasetFile, loadRealPendulum, dataSourceFromFile, readEnergyProtocolFile, readTorchStateDict, loadTaskDataset, type TaskDataOptions } from './readers.js';
export { cachedPixelPendulumDataset, pixelDatasetCachePath } from './pixel-cache.js';
export { reproduce, reproduceUnits, unitModelPath, type ReproduceOptions, type ReproduceEvent, type ReproduceUnit } from './reproduce.js';
