import type { HamiltonianSystem } from './types.js';

/**
 * Task 3's analysis model (paper.md §3, §4): H = 2.4(1 − cos q) + p², so q̇ = 2p, ṗ = −2.4 sin q. The
 * measured pendulum has friction, so this is only the energy the metric evaluates, not the true dynamics.
 */
export const realPendulum: HamiltonianSystem = {
  name: 'real-pendulum',
  dim: 2,
  hamiltonian: analysisEnergy,
  dynamics: (_t, x, dxdt) => {
    dxdt[0] = 2 * x[1]!;
    dxdt[1] = -(2.4 * Math.sin(x[0]!));
  },
  energy: analysisEnergy,
};

/** 2.4(1 − cos q) + p², the authors' fitted pendulum energy for the measured data. */
function analysisEnergy(x: Float64Array): number {
  return 2.4 * (1 - Math.cos(x[0]!)) + x[1]! * x[1]!;
}
