import type { HamiltonianSystem } from './types.js';

/** Task 1, the ideal mass-spring: H = q² + p², so q̇ = 2p and ṗ = −2q; the energy metric uses H itself. */
export const spring: HamiltonianSystem = {
  name: 'spring',
  dim: 2,
  hamiltonian: (x) => x[0]! * x[0]! + x[1]! * x[1]!,
  dynamics: (_t, x, dxdt) => {
    dxdt[0] = 2 * x[1]!;
    dxdt[1] = -2 * x[0]!;
  },
  energy: (x) => x[0]! * x[0]! + x[1]! * x[1]!,
};
