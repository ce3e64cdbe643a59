import { JsKernels } from '../../src/kernels/js.js';
import type { Kernels } from '../../src/kernels/types.js';
import { createWasmKernels } from '../../src/node/kernels.js';
import { createNativeKernels, nativeKernelsStatus } from '../../src/node/native-kernels.js';

/** A float32 kernel set the tests run: its name, and a factory taking a thread count. */
export type Float32Backend = readonly [name: string, make: (threads: number) => Kernels<Float32Array>];

/** Every float32 backend this machine has: the TypeScript reference, WebAssembly, and the native kernels where built. */
export const FLOAT32_BACKENDS: readonly Float32Backend[] = [
  ['js', () => new JsKernels<Float32Array>('float32')],
  ['wasm', (threads) => createWasmKernels({ threads })],
  ...(nativeKernelsStatus().available ? [['native', (threads: number) => createNativeKernels({ threads })] as const] : []),
];

/** The backends that split calls over threads (the TypeScript reference does not). */
export const THREADED_BACKENDS = FLOAT32_BACKENDS.filter(([name]) => name !== 'js');
