/** Per time point, the mean over coordinates of (x_model − x_true)²: the paper's "MSE between coordinates". */
export function coordinateMse(truth: ArrayLike<number>, model: ArrayLike<number>, dim: number): Float64Array {
  if (truth.length !== model.length || truth.length % dim !== 0) {
    throw new RangeError(`coordinate MSE: paths of ${truth.length} and ${model.length} numbers are not equal sets of ${dim}-dimensional states`);
  }
  const out = new Float64Array(truth.length / dim);
  for (let k = 0; k < out.length; k++) {
    let sum = 0;
    for (let i = k * dim; i < (k + 1) * dim; i++) sum += (model[i]! - truth[i]!) ** 2;
    out[k] = sum / dim;
  }
  return out;
}

/** A scalar function (e.g. an energy) evaluated at every state of a path (rows × dim). */
export function alongPath(states: Float64Array, dim: number, f: (x: Float64Array) => number): Float64Array {
  return Float64Array.from({ length: states.length / dim }, (_, k) => f(states.subarray(k * dim, (k + 1) * dim)));
}
