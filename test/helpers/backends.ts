import { JsKernels } from '../../src/kernels/js.js';
import type { Kernels } from '../../src/kernels/types.js';
import { createWasmKernels } from '../../src/node/kernels.js';
import { createNativeKernels, nativeKernelsStatus, nativeSupportedIsas } from '../../src/node/native-kernels.js';

/** Whether the native addon loaded, and its default path. */
const native = nativeKernelsStatus();

/** A float32 kernel set the tests run: its name, and a factory taking a thread count. */
export type Float32Backend = readonly [name: string, make: (threads: number) => Kernels<Float32Array>];

/** Every float32 backend this machine has: the TypeScript reference, WebAssembly, and the native kernels where built. */
export const FLOAT32_BACKENDS: readonly Float32Backend[] = [
  ['js', () => new JsKernels<Float32Array>('float32')],
  ['wasm', (threads) => createWasmKernels({ threads })],
  ...(native.available ? [['native', (threads: number) => createNativeKernels({ threads })] as const] : []),
];

/** FLOAT32_BACKENDS and every other native path this CPU runs (`native avx2`, `native portable`, …). */
export const FLOAT32_BACKENDS_AND_NATIVE_PATHS: readonly Float32Backend[] = [
  ...FLOAT32_BACKENDS,
  ...(native.available
    ? nativeSupportedIsas()
        .filter((isa) => isa !== native.isa)
        .map((isa) => [`native ${isa}`, (threads: number) => createNativeKernels({ isa, threads })] as const)
    : []),
];

/** The backends that split calls over threads (the TypeScript reference does not). */
export const THREADED_BACKENDS = FLOAT32_BACKENDS.filter(([name]) => name !== 'js');
