import type { Dataset } from '../core/dataset.js';
import { InputError } from '../core/errors.js';
import type { OdeFunction } from '../integrate/types.js';
import { orbitDynamics, orbitEnergy, orbitVectorField } from '../systems/nbody.js';
import { measuredPathProtocol, orbitProtocol, type EnergyProtocol, type OrbitProtocol, type ProtocolName } from './energy-protocol.js';
import type { TaskEnergyMetric } from './task.js';

/**
 * The energy metric of a task integrated in its models' own coordinates: `energy` along the paths,
 * the true dynamics `truth` (null: the protocol records the truth), and its built-in protocol.
 */
export function planeEnergyMetric(
  dim: number,
  energy: (x: Float64Array) => number,
  truth: OdeFunction | null,
  protocol: (name: ProtocolName, seed: number, dataset: Dataset | undefined) => EnergyProtocol,
): TaskEnergyMetric {
  return { dim, energy, truth, integratedField: (f) => f, protocol };
}

/**
 * An n-body task's energy metric as the authors run it: the orbit layout [body][m, x, y, vx, vy]
 * (masses are part of the solver's state and error norm), the model applied to the canonical coordinates.
 */
export function orbitEnergyMetric(bodies: number, orbits: OrbitProtocol): TaskEnergyMetric {
  return {
    dim: 5 * bodies,
    energy: (x) => orbitEnergy(x),
    truth: orbitDynamics(),
    integratedField: (f) => orbitVectorField((t, x, dxdt) => f(t, x, dxdt)),
    protocol: (name) => orbitProtocol(name, orbits),
  };
}

/** The energy metric of measured trajectories: the model from each recorded test trajectory's start, against its recorded states. */
export function measuredEnergyMetric(dim: number, energy: (x: Float64Array) => number, what: string): TaskEnergyMetric {
  return planeEnergyMetric(dim, energy, null, (name, _seed, dataset) => {
    if (!dataset?.test.t) throw new InputError(`the energy metric of ${what} follows its recorded test trajectories, which need time stamps; pass the data file (or --protocol-file)`);
    return measuredPathProtocol(name, dataset.test, dim);
  });
}
