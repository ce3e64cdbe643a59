import { solveIvp } from '../integrate/dopri5.js';
import type { OdeFunction } from '../integrate/types.js';
import type { TaskEnergyMetric } from '../tasks/task.js';
import { completed } from './integration-failure.js';
import type { MeanWithError } from './losses.js';
import type { EnergyProtocol, IntegrationSpec } from '../tasks/energy-protocol.js';
import { splitStderr } from './split-error.js';

/** The energy metric of one model: mean and "±", and each path's own mean squared energy error. */
export interface EnergyMse extends MeanWithError {
  readonly perSample: number[];
}

/**
 * The paper's energy metric (paper.md §4): along every protocol path, the true states (solved with
 * the true dynamics, or recorded) and the model's path (solved adaptively like scipy's RK45) are
 * compared through the task's energy, giving mean((E(x_true) − E(x_model))²) per path. The result
 * is the mean over paths (or points) with the "±" of 5 consecutive splits.
 */
export function energyMse(task: TaskEnergyMetric, field: OdeFunction, protocol: EnergyProtocol): EnergyMse {
  const d = task.dim;
  const perSample: number[] = [];
  const perPoint: number[] = [];
  protocol.samples.forEach((sample, i) => {
    const model = solve(field, sample.model, `the model's path ${i + 1} of ${protocol.name}`);
    const truth = sample.truth instanceof Float64Array ? sample.truth : trueStates(task, sample.truth, i, protocol.name);
    const points = sample.model.tEval.length;
    let sum = 0;
    for (let k = 0; k < points; k++) {
      const e = (task.energy(truth.subarray(k * d, (k + 1) * d)) - task.energy(model.subarray(k * d, (k + 1) * d))) ** 2;
      perPoint.push(e);
      sum += e;
    }
    perSample.push(sum / points);
  });
  const values = protocol.errorOver === 'samples' ? perSample : perPoint;
  return { mean: values.reduce((a, b) => a + b, 0) / values.length, stderr: splitStderr(values), perSample };
}

/** The true states at the truth spec's output times, solved with the task's true dynamics. */
function trueStates(task: TaskEnergyMetric, spec: IntegrationSpec, i: number, name: string): Float64Array {
  if (!task.truth) throw new RangeError(`${name}: this task has no true dynamics, so its protocol must record the true states`);
  return solve(task.truth, spec, `the true path ${i + 1} of ${name}`);
}

/** States of one adaptive solve at its output times. */
function solve(f: OdeFunction, spec: IntegrationSpec, what: string): Float64Array {
  const { tSpan, y0, tEval, rtol, atol } = spec;
  return completed(solveIvp(f, tSpan, y0, { rtol, atol, tEval }), what).y;
}
