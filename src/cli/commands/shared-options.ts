import { InvalidArgumentError, Option } from 'commander';
import type { Kernels } from '../../kernels/types.js';
import { MAX_THREADS } from '../../kernels/wasm.js';
import { createKernels, NODE_BACKENDS, type Backend } from '../../node/kernels.js';
import { PIXEL_STATE_MAX_P } from '../../systems/pixel-pendulum/dataset.js';
import { integerAtLeast, numberList, oneOf, UsageError } from '../options.js';

/** The `--backend` option every computing command takes. */
export function backendOption(): Option {
  return new Option('--backend <name>', `float32 kernels: ${NODE_BACKENDS.join(' | ')} (auto: native where built at install, else WebAssembly)`).default('auto').argParser(oneOf(NODE_BACKENDS));
}

/**
 * The `--threads <n>` option of the computing commands: threads one kernel call may use (by default
 * `byDefault`: 2 on a machine with at least 2 cores, else 1). Results do not depend on it.
 */
export function threadsOption(byDefault = '2 with 2+ cores, else 1'): Option {
  return new Option('--threads <n>', `threads per kernel call, 1–${MAX_THREADS} (default: ${byDefault}; same results for any count)`).argParser(integerAtLeast(1, MAX_THREADS));
}

/** The kernel choice of a computing command (`--backend`, `--threads`). */
export interface KernelFlags {
  backend: Backend;
  threads?: number;
}

let noticeShown = false;

/**
 * Kernels for a command's `--backend` (and `--threads`; native kernels follow `threadBudget` instead
 * when given); a backend that cannot run here is a usage error, and `auto` settling for slower kernels
 * says so in one line on stderr (once per process).
 */
export function kernelsFor(flags: KernelFlags, threadBudget?: Int32Array): Kernels<Float32Array> {
  let kernels;
  try {
    kernels = createKernels(flags.backend, { ...(flags.threads !== undefined && { threads: flags.threads }), ...(threadBudget && { threadBudget }) });
  } catch (e) {
    throw new UsageError(`--backend ${flags.backend}: ${(e as Error).message}; use --backend auto`);
  }
  if (kernels.fallback && !noticeShown) {
    noticeShown = true;
    const slower = kernels.name === 'js' ? 'much slower' : 'slower';
    process.stderr.write(`hnn: note: the ${kernels.fallback.wanted} kernels cannot run here (${kernels.fallback.reason}); using the ${kernels.name} kernels (${slower})\n`);
  }
  return kernels;
}

/** The `--state <q,p>` option of pixel models: a pendulum state (θ, 0.25·θ̇), checked as it is parsed. */
export function pendulumStateOption(description: string): Option {
  return new Option('--state <q,p>', description).argParser((value: string): [number, number] => {
    const state = numberList(value);
    if (state.length !== 2) throw new InvalidArgumentError(`expected 2 numbers (θ and 0.25·θ̇), got ${state.length}.`);
    if (!(Math.abs(state[1]!) <= PIXEL_STATE_MAX_P)) throw new InvalidArgumentError(`p = ${state[1]} is beyond ±${PIXEL_STATE_MAX_P} (p = 0.25·θ̇ and Gym clips |θ̇| at 8).`);
    return [state[0]!, state[1]!];
  });
}
