/** Observed states and their time derivatives, row-major [rows × dim] float64. */
export interface Samples {
  /** States, rows × dim. */
  readonly x: Float64Array;
  /** Their time derivatives (the training targets), rows × dim. */
  readonly dx: Float64Array;
  /** The time stamp of each row, when the rows are measured sequences (the real pendulum's test block, a CSV's trajectories). */
  readonly t?: Float64Array;
  /** With `t`: the first row of each trajectory, then the row count (so trajectory i is rows segments[i] … segments[i+1] − 1). */
  readonly segments?: Int32Array;
}

/** Data split for training: what `train` fits and what it reports the test loss on. */
export interface TrainingData<S> {
  readonly train: S;
  readonly test: S;
}

/** Observations of a dynamical system in canonical coordinates (d = 2n), split into training and test samples. */
export interface Dataset extends TrainingData<Samples> {
  /** State dimension d (2n for n canonical coordinate pairs). */
  readonly dim: number;
  /** Free-form provenance (generator, seed, source file…). */
  readonly meta?: Record<string, unknown>;
}
