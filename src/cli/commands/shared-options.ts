import { InvalidArgumentError, Option } from 'commander';
import { BACKENDS, createKernels, type Backend } from '../../kernels/select.js';
import type { Kernels } from '../../kernels/types.js';
import { MAX_THREADS } from '../../kernels/wasm.js';
import { oneOf } from '../options.js';

/** The `--backend` option every computing command takes. */
export function backendOption(): Option {
  return new Option('--backend <name>', `float32 kernels: ${BACKENDS.join(' | ')}`).default('auto').argParser(oneOf(BACKENDS));
}

/**
 * The `--threads <n>` option of the computing commands: threads one WebAssembly kernel call may
 * use (default: 2 on a machine with at least 2 cores, else 1). Results do not depend on it.
 */
export function threadsOption(): Option {
  return new Option('--threads <n>', `threads per WebAssembly kernel call, 1–${MAX_THREADS} (default: 2 with 2+ cores, else 1; same results for any count)`).argParser(
    (value: string): number => {
      const n = Number(value);
      if (value.trim() === '' || !Number.isInteger(n) || n < 1 || n > MAX_THREADS) throw new InvalidArgumentError(`expected an integer from 1 to ${MAX_THREADS}.`);
      return n;
    },
  );
}

/** The kernel choice of a computing command (`--backend`, `--threads`). */
export interface KernelFlags {
  backend: Backend;
  threads?: number;
}

/** Kernels for a command's `--backend` (and, for WebAssembly, `--threads`; the default when absent). */
export function kernelsFor(flags: KernelFlags): Kernels<Float32Array> {
  return createKernels(flags.backend, flags.threads !== undefined ? { threads: flags.threads } : {});
}
