import type { OdeFunction } from '../integrate/types.js';

/** A Hamiltonian system in canonical coordinates x = [q₁..qₙ, p₁..pₙ]. */
export interface HamiltonianSystem {
  /** Short task name, e.g. `spring`. */
  readonly name: string;
  /** State dimension d = 2n. */
  readonly dim: number;
  /** The true Hamiltonian H(x). */
  hamiltonian(x: Float64Array): number;
  /** The true time derivative ẋ = J∇H(x) (time-independent). */
  readonly dynamics: OdeFunction;
  /** The energy the paper's energy metric evaluates along paths (paper.md §4). */
  energy(x: Float64Array): number;
}
