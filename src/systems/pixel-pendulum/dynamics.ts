/**
 * OpenAI Gym's Pendulum-v0 (g = 10, m = l = 1, dt = 0.05, |θ̇| ≤ 8) under zero torque, in our angle
 * convention. Gym measures θ from upright and steps θ̇ ← θ̇ + (−3g/(2l)·sin(θ_gym + π) + 3u/(ml²))·dt,
 * then θ ← θ + θ̇·dt (semi-implicit Euler), then clips θ̇. With θ = θ_gym + π (0 = hanging down, same
 * sense of rotation, same θ̇) the torque-free step is θ̇ ← θ̇ − (3g/(2l))·sin θ·dt, θ ← θ + θ̇·dt.
 */
export const GYM_PENDULUM = { g: 10, m: 1, l: 1, dt: 0.05, maxSpeed: 8 } as const;

/** Factor from θ̇ to the momentum-like coordinate the authors keep for analysis: p = 0.25·θ̇. */
export const MOMENTUM_SCALE = 0.25;

/** One torque-free Pendulum-v0 step of the state (θ, θ̇), θ = 0 hanging down; updates `state` in place. */
export function gymPendulumStep(state: Float64Array): void {
  const { g, l, dt, maxSpeed } = GYM_PENDULUM;
  const thetaDot = state[1]! - ((3 * g) / (2 * l)) * Math.sin(state[0]!) * dt;
  state[0] = state[0]! + thetaDot * dt;
  state[1] = Math.min(maxSpeed, Math.max(-maxSpeed, thetaDot));
}

/**
 * The state one torque-free step earlier: the inverse of `gymPendulumStep` (θ ← θ − θ̇·dt, then
 * θ̇ ← θ̇ + (3g/(2l))·sin θ·dt), exact up to rounding for states whose θ̇ was not clipped. Updates `state` in place.
 */
export function gymPendulumStepBack(state: Float64Array): void {
  const { g, l, dt } = GYM_PENDULUM;
  const theta = state[0]! - state[1]! * dt;
  state[0] = theta;
  state[1] = state[1]! + ((3 * g) / (2 * l)) * Math.sin(theta) * dt;
}

/**
 * Energy ½θ̇² + (3g/(2l))(1 − cos θ) of the continuous pendulum θ̈ = −(3g/(2l))·sin θ in the coordinates
 * (q, p) = (θ, 0.25·θ̇), divided by 8 so that p² has weight 1: 1.875(1 − cos q) + p². (The authors'
 * analysis uses 1.9(1 − cos q) + p², with 1.9 "fit to the data".)
 */
export function pixelPendulumEnergy(q: number, p: number): number {
  const { g, l } = GYM_PENDULUM;
  return 2 * ((3 * g) / (2 * l)) * MOMENTUM_SCALE * MOMENTUM_SCALE * (1 - Math.cos(q)) + p * p;
}
