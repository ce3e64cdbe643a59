// The core clock as the benchmark sees it, and the f32x4 peak it implies: the yardstick for the GEMM
// figures. No hardware counters are needed: a chain of dependent 32-bit integer multiplies runs at one
// multiply per 3 cycles on current x86-64 cores (AMD Zen 1–5, Intel since Nehalem), whatever else the
// loop does, so its rate gives the clock, boost and host throttling included.

/** Cycles of one 32-bit integer multiply on the chain's critical path. */
const IMUL_LATENCY = 3;

/**
 * f32x4 floating-point operations per cycle and core at best: two 4-lane multiplies and two 4-lane
 * adds (AMD Zen, whose adds have pipes of their own; Intel cores run both on the same two ports and
 * reach half of this with 128-bit vectors).
 */
export const F32X4_FLOPS_PER_CYCLE = 16;

/** Where the chains' results go, so that V8 cannot drop them. */
let sink = 0;

/** x ← x·c, `n` times: one dependent multiply per iteration. */
function multiplyChain(n: number, c: number): number {
  let x = 1;
  for (let i = 0; i < n; i++) x = Math.imul(x, c);
  return x;
}

/** The core clock in GHz, best of `runs` timed chains of 2·10⁸ multiplies (about 0.15 s each). */
export function estimateClockGHz(runs = 3): number {
  const n = 2e8;
  sink ^= multiplyChain(1e6, 0x9e3779b1); // let V8 optimise the loop first
  let best = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    sink ^= multiplyChain(n, 0x9e3779b1);
    const seconds = (performance.now() - t0) / 1000;
    best = Math.max(best, (n * IMUL_LATENCY) / seconds / 1e9);
  }
  return best;
}
