import type { HamiltonianSystem } from './types.js';

/**
 * Task 2, the ideal pendulum: H = 3(1 − cos q) + p², so q̇ = 2p and ṗ = −3 sin q. The energy metric
 * uses q² + p², as the authors' pendulum notebook does (paper.md §4).
 */
export const pendulum: HamiltonianSystem = {
  name: 'pendulum',
  dim: 2,
  hamiltonian: (x) => 3 * (1 - Math.cos(x[0]!)) + x[1]! * x[1]!,
  dynamics: (_t, x, dxdt) => {
    dxdt[0] = 2 * x[1]!;
    dxdt[1] = -(3 * Math.sin(x[0]!));
  },
  energy: (x) => x[0]! * x[0]! + x[1]! * x[1]!,
};
