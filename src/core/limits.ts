/**
 * The limits every loader and command checks before it allocates or computes, in one place, so a
 * file or an argument that asks for more than a machine can give is refused with one line naming
 * the field and the limit (instead of an out-of-memory crash or an integration that never ends).
 */

/** Largest finite float32 (FLT_MAX): weights and data feed float32 kernels, where anything larger is ±Infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Whether `x` is a finite number that stays finite as a float32 (1e39 is finite in JSON but Infinity as a float32). */
export function isFiniteFloat32(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(Math.fround(x));
}

/** What messages say a float32 value must be. */
export const FLOAT32_EXPECTED = 'a finite number within float32 range (|x| ≤ 3.4028235e38)';

/**
 * Most parameters of one model: 2^26 = 67,108,864. Training keeps four float32 copies (values,
 * gradients, two Adam moments), 1 GiB at this limit, which leaves room for activations inside
 * WebAssembly's 4 GiB address space; a model file of that size is already ~700 MB of JSON.
 */
export const MAX_PARAMETERS = 2 ** 26;

/** Most hidden layers of one MLP (the paper's have 2 or 3; each layer has a fixed cost besides its weights). */
export const MAX_HIDDEN_LAYERS = 1000;

/** Widest hidden layer the command line trains (`--hidden`): 4096² weights per layer, well inside MAX_PARAMETERS. */
export const MAX_HIDDEN_WIDTH = 4096;

/** Largest seed: the seeds of numpy's legacy generator (and ours) are 32-bit. */
export const MAX_SEED = 2 ** 32 - 1;

/** Most output points of one simulated path or rollout. */
export const MAX_POINTS = 1_000_000;

/** Default most steps of one integration (settable per call: `maxSteps`). */
export const DEFAULT_MAX_STEPS = 1_000_000;

/** Most values of one time grid read from a file (`linspace(a,b,n)` in protocol files). */
export const MAX_TIME_POINTS = 1_000_000;

/** `2^26` as messages write it, with its value. */
export function powerOfTwo(limit: number): string {
  const e = Math.log2(limit);
  return Number.isInteger(e) ? `2^${e} = ${limit.toLocaleString('en-US')}` : limit.toLocaleString('en-US');
}
