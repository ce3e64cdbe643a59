/** A Random's whole state. */
export interface RandomState {
  readonly words: readonly number[];
  readonly spareNormal: number | null;
}

/**
 * Seeded pseudo-random numbers: xoshiro128** seeded through splitmix32. Every random draw in the
 * library comes from an explicit `Random`; there is no hidden global generator.
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;
  /** Identity arrays 0..n-1 by n, the scratch of `sample`. */
  private readonly identities = new Map<number, Int32Array>();

  /** A generator whose whole stream is fixed by `seed` (any finite number; integers recommended). */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`Random: seed must be a finite number, got ${seed}`);
    let x = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The generator's whole state (for checkpoints): four 32-bit words and the cached normal draw, if any. */
  state(): RandomState {
    return { words: [this.s0, this.s1, this.s2, this.s3], spareNormal: this.spareNormal };
  }

  /** Continues the stream from a state taken with `state()`. */
  restore(state: RandomState): void {
    const [s0, s1, s2, s3] = state.words;
    if (![s0, s1, s2, s3].every((w) => Number.isInteger(w) && w! >= 0 && w! <= 0xffffffff) || (s0! | s1! | s2! | s3!) === 0) {
      throw new RangeError('Random.restore: expected four 32-bit words, not all zero');
    }
    [this.s0, this.s1, this.s2, this.s3] = [s0!, s1!, s2!, s3!];
    this.spareNormal = state.spareNormal;
  }

  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 = s2 ^ s0;
    this.s3 = s3 ^ s1;
    this.s1 = s1 ^ this.s2;
    this.s0 = s0 ^ this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /** Normal draw with the given mean and standard deviation (Box–Muller, pairs cached). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!(n >= 1)) throw new RangeError(`Random.int: n must be ≥ 1, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** A random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /**
   * `k` distinct indices drawn uniformly from 0..n-1, in random order (a random mini-batch): the
   * first k swaps of a Fisher–Yates shuffle, O(k) draws, on an identity array kept per `n` and
   * restored after each call.
   */
  sample(n: number, k: number): Int32Array {
    if (!(Number.isInteger(k) && k >= 0 && k <= n)) throw new RangeError(`Random.sample: cannot draw ${k} distinct items from ${n}`);
    let identity = this.identities.get(n);
    if (!identity) {
      identity = new Int32Array(n);
      for (let i = 0; i < n; i++) identity[i] = i;
      this.identities.set(n, identity);
    }
    const out = new Int32Array(k);
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      out[i] = identity[j]!;
      identity[j] = identity[i]!;
      identity[i] = out[i]!;
    }
    // The swaps touched slots 0..k-1 and slots j ≥ k, each of which held its own index when first
    // touched and so is one of the drawn values: resetting those slots restores the identity.
    for (let i = 0; i < k; i++) {
      identity[i] = i;
      identity[out[i]!] = out[i]!;
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
