import type { OdeFunction } from '../integrate/types.js';
import type { FloatArray } from '../kernels/types.js';
import type { DynamicsModel, HamiltonianModel } from '../models/types.js';

/** A model's learned dynamics ẋ = f(x) as an ODE right-hand side; accepts a batch of states (rows × d). */
export function modelField<A extends FloatArray>(model: DynamicsModel<A>): OdeFunction {
  return (_t, y, dydt) => dydt.set(model.timeDerivative(y));
}

/** The gradient ∇H of an HNN's learned energy as an ODE right-hand side: following it adds energy. */
export function energyGradientField<A extends FloatArray>(model: HamiltonianModel<A>): OdeFunction {
  return (_t, y, dydt) => dydt.set(model.hamiltonianGradient(y));
}
