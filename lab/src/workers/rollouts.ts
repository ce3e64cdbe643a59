// Rollouts from one start: the true dynamics, the baseline and the HNN, each integrated with the
// chosen integrator, with the true energy (and the HNN's own H) along the way and, when asked, the
// way back in time.
import { hasHamiltonian, integrate, linspace, timeReversal } from 'hnn';
import type { DynamicsModel, HamiltonianModel, IntegrateOptions, OdeFunction } from 'hnn';
import type { LabSystem } from '../systems/system.js';
import type { Path, RolloutRequest, RolloutResult, Series } from './protocol.js';

/** Output points of the energy-adding path. */
const PUSH_POINTS = 60;

/** The models a rollout may use. */
export type ModelSet = Partial<Record<'hnn' | 'baseline', DynamicsModel<Float32Array>>>;

/** A model's learned dynamics as an ODE right-hand side. */
const fieldOf = (model: DynamicsModel<Float32Array>): OdeFunction => (_t, y, dydt) => dydt.set(model.timeDerivative(y));

/** The integrator's own options for a request. */
function solverOptions(request: RolloutRequest): IntegrateOptions {
  return request.integrator === 'dopri5' ? { rtol: request.rtol, atol: request.rtol } : { dt: request.dt };
}

/** Rolls out every series available from the request's start (after following the HNN's ∇H for `addEnergy`, when asked). */
export function rollouts(system: LabSystem, models: ModelSet, request: RolloutRequest): RolloutResult {
  const solver = solverOptions(request);
  let start = Float64Array.from(request.x0);
  let push: Float64Array | null = null;
  const hnn = models.hnn && hasHamiltonian(models.hnn) ? models.hnn : null;
  if (request.addEnergy > 0 && hnn) {
    const grad: OdeFunction = (_t, y, dydt) => dydt.set(hnn.hamiltonianGradient(y));
    const pushed = integrate(request.integrator, grad, [0, request.addEnergy], start, { ...solver, tEval: linspace(0, request.addEnergy, PUSH_POINTS) });
    push = pushed.y;
    start = pushed.y.slice(pushed.y.length - system.dim);
  }
  const series: [Series, OdeFunction][] = [];
  if (system.truth) series.push(['truth', system.truth]);
  if (models.baseline) series.push(['baseline', fieldOf(models.baseline)]);
  if (models.hnn) series.push(['hnn', fieldOf(models.hnn)]);
  const paths = series.map(([name, f]) => path(system, name, f, start, request, solver, name === 'hnn' ? hnn : null));
  return { request, start, push, paths };
}

/** One series' path (forward, and back when asked), stopping where its integration fails. */
function path(system: LabSystem, series: Series, f: OdeFunction, start: Float64Array, request: RolloutRequest, solver: IntegrateOptions, hnn: HamiltonianModel<Float32Array> | null): Path {
  const tEval = linspace(0, request.tEnd, request.points);
  let t: Float64Array;
  let y: Float64Array;
  let back: Float64Array | null = null;
  let returnError: number | null = null;
  let failure: string | null = null;
  try {
    if (request.reverse) {
      const reversal = timeReversal(request.integrator, f, start, request.tEnd, { ...solver, tEval });
      ({ t, y } = reversal.forward);
      back = reversal.backward.y;
      returnError = reversal.returnError;
    } else {
      const forward = integrate(request.integrator, f, [0, request.tEnd], start, { ...solver, tEval });
      ({ t, y } = forward);
      if (forward.status !== 0) failure = forward.message;
    }
  } catch (e) {
    // The way back failed: keep the way forward.
    const forward = integrate(request.integrator, f, [0, request.tEnd], start, { ...solver, tEval });
    ({ t, y } = forward);
    failure = (e as Error).message;
  }
  const d = system.dim;
  const energyOf = system.energy;
  const energy = energyOf ? Float64Array.from({ length: t.length }, (_, k) => energyOf(y.subarray(k * d, (k + 1) * d))) : null;
  return { series, t, y, energy, learnedH: hnn ? hnn.hamiltonian(y) : null, back, returnError, failure };
}
