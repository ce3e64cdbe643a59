/** One observed trajectory: strictly increasing times and the states at them, row-major (rows × dim). */
export interface Trajectory {
  /** The trajectory's id as written in the file ("" when the file has a single unnamed one). */
  readonly id: string;
  /** Time stamps, one per row. */
  readonly t: Float64Array;
  /** States, rows × dim. */
  readonly x: Float64Array;
  /** Time derivatives of the states, rows × dim, when known. */
  readonly dx: Float64Array | null;
}

/** A trajectory whose derivatives are known (read from the file or estimated). */
export interface DifferentiatedTrajectory extends Trajectory {
  readonly dx: Float64Array;
}
