/** Right-hand side of ẏ = f(t, y): writes the time derivative at (t, y) into `dydt` (length = y.length). */
export type OdeFunction = (t: number, y: Float64Array, dydt: Float64Array) => void;

/** Solution of an initial value problem, as scipy's `solve_ivp` reports it. */
export interface OdeResult {
  /** Output times (the requested `tEval`, or every accepted step including t0). */
  readonly t: Float64Array;
  /** States at `t`, row-major [t.length × dim]. */
  readonly y: Float64Array;
  /** Number of right-hand-side evaluations. */
  readonly nfev: number;
  /** 0: reached the end of the interval; −1: a step failed (outputs stop at the failure). */
  readonly status: 0 | -1;
  /** Human-readable reason for termination. */
  readonly message: string;
}

/** Options of the adaptive Dormand–Prince solver (defaults as scipy's RK45). */
export interface AdaptiveOptions {
  /** Relative tolerance (default 1e-3; raised to 100·ε if smaller, as scipy does). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-6). */
  readonly atol?: number;
  /** Times at which to report the solution, sorted in the direction of integration, inside tSpan. */
  readonly tEval?: ArrayLike<number>;
  /** Largest allowed step size (default unbounded). */
  readonly maxStep?: number;
  /** First step size (default chosen as scipy's `select_initial_step`). */
  readonly firstStep?: number;
  /** Most steps (accepted or rejected) before the solve stops with status −1 (default DEFAULT_MAX_STEPS = 10⁶). */
  readonly maxSteps?: number;
}

/**
 * Step-size choice of the fixed-step solver: a total number of steps over tSpan, or a largest step;
 * `maxSteps` (default DEFAULT_MAX_STEPS = 10⁶) bounds the steps a solve may take, checked before it starts.
 */
export type FixedStepOptions = ({ readonly steps: number } | { readonly dt: number }) & { readonly maxSteps?: number };
