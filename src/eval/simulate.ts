import { MAX_POINTS } from '../core/limits.js';
import { integrate, type IntegrateOptions, type IntegratorName } from '../integrate/integrate.js';
import { linspace } from '../integrate/linspace.js';
import type { FloatArray } from '../kernels/types.js';
import { DHNN } from '../models/dhnn.js';
import { hasHamiltonian, type DynamicsModel } from '../models/types.js';
import { completed } from './integration-failure.js';
import { energyGradientField, modelField } from './model-field.js';
import { timeReversal } from './time-reversal.js';

/** What to simulate: start, duration, output points and integrator. */
export interface SimulateOptions {
  readonly x0: Float64Array;
  readonly tEnd: number;
  /** Evenly spaced output times on [0, tEnd], both ends included. */
  readonly points: number;
  readonly integrator: IntegratorName;
  /** DOPRI5 tolerance, used as both rtol and atol (default 1e-9). */
  readonly rtol?: number;
  /** Largest step of the fixed-step integrators (default 0.01). */
  readonly dt?: number;
  /** The system's true energy, evaluated along the path when given. */
  readonly trueEnergy?: (x: Float64Array) => number;
  /** First follow ∇H (adding energy) for this long, then the dynamics (HNN only). */
  readonly addEnergy?: number;
  /** Also integrate back from the end and measure the return error. */
  readonly reverse?: boolean;
  /** Most steps of each integration (default 10⁶): the simulation fails with an IntegrationFailure beyond it. */
  readonly maxSteps?: number;
}

/** A simulated path with the energies along it. */
export interface Simulation {
  readonly t: Float64Array;
  /** States, t.length × d. */
  readonly y: Float64Array;
  /** The state the dynamics started from (x0, or x0 after adding energy). */
  readonly start: Float64Array;
  /** The true energy along the path, when it is known. */
  readonly trueEnergy: Float64Array | null;
  /** The learned H along the path (null for a baseline). */
  readonly learnedH: Float64Array | null;
  /** A D-HNN's learned dissipation D along the path (null for other models). */
  readonly learnedD: Float64Array | null;
  /** ‖x(0) − x_back(0)‖ after integrating back from the end, when asked for. */
  readonly returnError: number | null;
}

/** Integrates a model's dynamics from x0 (optionally after adding energy along ∇H) and evaluates the energies along the path. */
export function simulateModel<A extends FloatArray>(model: DynamicsModel<A>, options: SimulateOptions): Simulation {
  const { x0, tEnd, points, integrator } = options;
  const hnn = hasHamiltonian(model) ? model : null;
  const rtol = options.rtol ?? 1e-9;
  if (!(Number.isFinite(tEnd) && tEnd > 0)) throw new RangeError(`simulateModel: tEnd must be a positive finite number, got ${tEnd}`);
  if (!(Number.isInteger(points) && points >= 2 && points <= MAX_POINTS)) throw new RangeError(`simulateModel: points must be an integer from 2 to ${MAX_POINTS}, got ${points}`);
  const limit = options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {};
  const solver: IntegrateOptions = integrator === 'dopri5' ? { rtol, atol: rtol, ...limit } : { dt: options.dt ?? 0.01, ...limit };
  let start = x0;
  if (options.addEnergy) {
    if (!hnn) throw new RangeError('adding energy follows ∇H, which only an HNN or a D-HNN has');
    const pushed = completed(integrate(integrator, energyGradientField(hnn), [0, options.addEnergy], x0, solver), 'the energy-adding path');
    start = pushed.y.slice(pushed.y.length - x0.length);
  }
  const tEval = linspace(0, tEnd, points);
  const field = modelField(model);
  let path;
  let returnError: number | null = null;
  if (options.reverse) {
    const reversal = timeReversal(integrator, field, start, tEnd, { ...solver, tEval });
    path = reversal.forward;
    returnError = reversal.returnError;
  } else {
    path = completed(integrate(integrator, field, [0, tEnd], start, { ...solver, tEval }), 'the path');
  }
  const d = x0.length;
  const energy = options.trueEnergy;
  const trueEnergy = energy ? Float64Array.from({ length: path.t.length }, (_, k) => energy(path.y.subarray(k * d, (k + 1) * d))) : null;
  return { t: path.t, y: path.y, start, trueEnergy, learnedH: hnn ? hnn.hamiltonian(path.y) : null, learnedD: model instanceof DHNN ? model.dissipation(path.y) : null, returnError };
}
