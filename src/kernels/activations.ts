import type { ActivationKind } from './types.js';

/** σ(x), σ′(x) and σ″(x) of one input. */
export interface ActivationValue {
  y: number;
  d1: number;
  d2: number;
}

/** Logistic function without overflow. */
function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * The reference scalar activations in float64 (the TypeScript kernels apply exactly these; the
 * WebAssembly kernels evaluate sigmoid and softplus the same way and tanh in float32).
 */
export const SCALAR_ACTIVATIONS: Record<ActivationKind, (x: number, out: ActivationValue) => void> = {
  tanh(x, out) {
    const y = Math.tanh(x);
    const d1 = 1 - y * y;
    out.y = y;
    out.d1 = d1;
    out.d2 = -2 * y * d1;
  },
  relu(x, out) {
    const on = x > 0;
    out.y = on ? x : 0;
    out.d1 = on ? 1 : 0;
    out.d2 = 0;
  },
  sigmoid(x, out) {
    const y = logistic(x);
    const d1 = y * (1 - y);
    out.y = y;
    out.d1 = d1;
    out.d2 = d1 * (1 - 2 * y);
  },
  softplus(x, out) {
    // log(1 + eˣ) computed without overflow; its derivative is the logistic function.
    out.y = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    const s = logistic(x);
    out.d1 = s;
    out.d2 = s * (1 - s);
  },
};

/** Names of the activations the kernels provide. */
export const ACTIVATION_KINDS = Object.keys(SCALAR_ACTIVATIONS) as ActivationKind[];
