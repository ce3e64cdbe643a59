import { InputError } from '../core/errors.js';
import type { OdeFunction } from '../integrate/types.js';
import type { StateTask } from '../tasks/task.js';
import type { Box } from './phase.js';

/** What the figures need to know about a task: its energy, its true dynamics, and where to look. */
export interface FigureSystem {
  readonly task: string;
  /** Short title, e.g. "Ideal mass-spring". */
  readonly title: string;
  readonly dim: number;
  /** The true energy of a state (the analysis energy for measured data), or null where none is known. */
  readonly hamiltonian: ((x: Float64Array) => number) | null;
  /** The true dynamics, or null when the truth is only measured. */
  readonly truth: OdeFunction | null;
  /** The true dissipation D (ẋ_D = −∇D), where the system has one. */
  readonly dissipation: ((x: Float64Array) => number) | null;
  /** The default rollout: start, duration and evenly spaced output points. */
  readonly rollout: { readonly x0: readonly number[]; readonly tEnd: number; readonly points: number };
  /** The phase-plane box the 2-D figures show (covering the task's data), or null for n-body tasks. */
  readonly box: Box | null;
}

/** The figure view of a task on states. */
export function figureSystem(task: StateTask): FigureSystem {
  // Figure titles keep the task's name short: "Real pendulum", not its source in parentheses.
  const title = task.title.replace(/\s*\(.*\)$/, '');
  const box = task.view.box && { q: [...task.view.box.q] as [number, number], p: [...task.view.box.p] as [number, number] };
  return { task: task.name, title, dim: task.dim, hamiltonian: task.system?.energy ?? null, truth: task.system?.dynamics ?? null, dissipation: task.system?.dissipation ?? null, rollout: task.view.rollout, box };
}

/** The true energy of a figure's system, or an InputError saying how to give one. */
export function trueEnergyOf(system: FigureSystem): (x: Float64Array) => number {
  if (!system.hamiltonian) throw new InputError(`no true energy for the data of task ${system.task}; pass --energy EXPR to give one`);
  return system.hamiltonian;
}
