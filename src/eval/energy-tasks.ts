import type { OdeFunction } from '../integrate/types.js';
import { pendulum } from '../systems/pendulum.js';
import { realPendulum } from '../systems/real-pendulum.js';
import { spring } from '../systems/spring.js';
import type { HamiltonianSystem } from '../systems/types.js';

/** What the energy metric and `simulate` need to know about a task. */
export interface EnergyTask {
  /** Task name as model files record it. */
  readonly name: string;
  /** State dimension d. */
  readonly dim: number;
  /** The energy the metric compares along paths, as the authors' analysis computes it (paper.md §4). */
  energy(x: Float64Array): number;
  /** The physical energy of a state: the true Hamiltonian, or the analysis energy for measured data. */
  hamiltonian(x: Float64Array): number;
  /** The true dynamics, or null for measured data (the protocol then records the true states). */
  readonly truth: OdeFunction | null;
}

/** A system's energy-metric description; a measured system's dynamics are only a model, not the truth. */
function fromSystem(system: HamiltonianSystem, measured: boolean): EnergyTask {
  return { name: system.name, dim: system.dim, energy: system.energy, hamiltonian: system.hamiltonian, truth: measured ? null : system.dynamics };
}

// The measured pendulum has friction: its recorded states are the truth.
const TASKS: Record<string, EnergyTask> = Object.fromEntries(
  [fromSystem(spring, false), fromSystem(pendulum, false), fromSystem(realPendulum, true)].map((t) => [t.name, t]),
);

/** Names of the tasks the energy metric supports. */
export const ENERGY_TASK_NAMES = Object.keys(TASKS);

/** The energy-metric description of a task, or undefined for a task it does not support. */
export function energyTask(name: string): EnergyTask | undefined {
  return TASKS[name];
}
