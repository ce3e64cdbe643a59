/**
 * Observations of a dynamical system: states x and their time derivatives dx, row-major
 * [rows × dim] float64, split into a training and a test part.
 */
export interface Dataset {
  /** State dimension d (2n for n canonical coordinate pairs). */
  readonly dim: number;
  /** Training states, rows × dim. */
  readonly x: Float64Array;
  /** Training targets (time derivatives), rows × dim. */
  readonly dx: Float64Array;
  /** Test states, rows × dim. */
  readonly testX: Float64Array;
  /** Test targets, rows × dim. */
  readonly testDx: Float64Array;
  /** Time stamp of each test row, when the data is one measured sequence (the real pendulum). */
  readonly testT?: Float64Array;
  /** Free-form provenance (generator, seed, source file…). */
  readonly meta?: Record<string, unknown>;
}

