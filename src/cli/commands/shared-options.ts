import { Option } from 'commander';
import { BACKENDS, createKernels, type Backend } from '../../kernels/select.js';
import type { Kernels } from '../../kernels/types.js';
import { oneOf } from '../options.js';

/** The `--backend` option every computing command takes. */
export function backendOption(): Option {
  return new Option('--backend <name>', `float32 kernels: ${BACKENDS.join(' | ')}`).default('auto').argParser(oneOf(BACKENDS));
}

/** Kernels for the chosen backend. */
export function kernelsFor(backend: Backend): Kernels<Float32Array> {
  return createKernels(backend);
}
