import type { Rng } from './rng.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/**
 * numpy's legacy global generator (`np.random.seed` / `rand` / `randn`, i.e. `RandomState` on
 * MT19937), reproduced draw for draw so the authors' data sets can be regenerated exactly.
 * Seeding with an integer uses the Mersenne Twister reference `init_genrand` recurrence, as numpy's
 * legacy `seed(int)` does; uniforms take 53 bits from two 32-bit outputs; normals use the polar
 * Marsaglia method and keep the second value of each pair for the next call.
 */
export class NumpyRandom implements Rng {
  private readonly key = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  /** A generator in the state `np.random.seed(seed)` leaves numpy's global generator in. */
  constructor(seed: number) {
    this.seed(seed);
  }

  /** Re-seeds like `np.random.seed(seed)`: integer in [0, 2³²−1]; also drops a cached normal. */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`NumpyRandom: seed must be an integer in [0, 2**32 - 1], got ${seed}`);
    }
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.key[i] = s;
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
    }
    this.pos = N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** Next tempered 32-bit Mersenne Twister output as an unsigned integer. */
  nextUint32(): number {
    if (this.pos === N) this.regenerate();
    let y = this.key[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `np.random.rand()` / `random_sample()`: uniform double in [0, 1) with 53 random bits. */
  rand(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `np.random.randn()`: standard normal draw (legacy polar method with a cached second value). */
  randn(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const z = this.gauss;
      this.gauss = 0;
      return z;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.rand() - 1;
      x2 = 2 * this.rand() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** `np.random.rand(n)`: `n` uniform draws in order. */
  randArray(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.rand();
    return out;
  }

  /** `np.random.randn(n)`: `n` standard normal draws in order. */
  randnArray(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.randn();
    return out;
  }

  /** Uniform double in [0, 1) (same draw as `rand`). */
  next(): number {
    return this.rand();
  }

  /** `np.random.uniform(lo, hi)`: lo + (hi − lo)·rand(). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.rand();
  }

  /** `np.random.normal(mean, std)`: mean + std·randn(). */
  normal(mean = 0, std = 1): number {
    return mean + std * this.randn();
  }

  /** Refills the 624-word state (one Mersenne Twister generation). */
  private regenerate(): void {
    const k = this.key;
    for (let i = 0; i < N; i++) {
      const y = (k[i]! & UPPER_MASK) | (k[(i + 1) % N]! & LOWER_MASK);
      k[i] = k[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.pos = 0;
  }
}
