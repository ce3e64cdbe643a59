// Splitting one kernel call into parts that threads run independently over the same shared memory.
// Used by the calling thread (src/kernels/thread-pool.ts) and by the workers (wasm-worker.ts) alike,
// so both map a part index to exactly the same block of work. Every split is along rows or columns
// of the output, never along a sum, so the result is bit-identical whatever the number of parts.

/** The functions of build/kernels.wasm (pointers are byte offsets, sizes are elements). */
export interface KernelExports {
  gemm(transA: number, transB: number, m: number, n: number, k: number, a: number, b: number, c: number, accumulate: number, thin: number, scratch: number): void;
  gemmStrided(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    accumulate: number,
    thin: number,
    scratch: number,
  ): void;
  scratchBytes(): number;
  /** Largest inner dimension of a thin product (its few columns of op(B) fill the scratch). */
  thinMaxK(): number;
  heapBase(): number;
  activation(kind: number, rows: number, cols: number, x: number, bias: number, y: number, d1: number, d2: number): void;
  mul(n: number, a: number, b: number, out: number): void;
  add(n: number, a: number, b: number, out: number): void;
  dual(n: number, d1: number, d2: number, xt: number, g: number, gt: number, out: number, outT: number): void;
  addBias(rows: number, cols: number, y: number, bias: number): void;
  columnSums(rows: number, cols: number, c0: number, c1: number, g: number, acc: number): void;
  adam(n: number, value: number, grad: number, m: number, v: number, wd: number, b1: number, b2: number, step: number, sqrtBc2: number, eps: number): void;
}

/** Operation codes of a job. */
export const enum Op {
  Stop = 0,
  Gemm = 1,
  Activation = 2,
  Mul = 3,
  Add = 4,
  Dual = 5,
  AddBias = 6,
  ColumnSums = 7,
  Adam = 8,
}

// Layout of the control block (Int32 slots of a SharedArrayBuffer shared by all threads).
/** Job sequence number; workers wait on it. */
export const SEQ = 0;
/** (seq & 0xffff) << 16 | bit mask of the claimed parts: threads claim parts with compare-and-swap. */
export const CLAIM = 1;
/** Parts of the current job finished. */
export const FINISHED = 2;
/** Non-zero when a part failed in a worker. */
export const ERROR = 3;
/** Workers currently asleep in Atomics.wait (the caller only notifies when some are). */
export const SLEEPERS = 4;
/** Workers started and ready for jobs. */
export const READY = 5;
/** Start of the job descriptor: op, memory id, parts, thread limit, then the op's arguments. */
export const DESC = 16;
export const D_OP = 0;
export const D_MEM = 1;
export const D_PARTS = 2;
/** Threads (caller included) allowed to take parts: workers with a higher index stay out. */
export const D_THREADS = 3;
/** Base of the per-thread gemm scratch regions and their stride (bytes). */
export const D_SCRATCH = 4;
export const D_SCRATCH_STRIDE = 5;
export const D_ARGS = 8;
/** Byte offset of the float64 arguments (8 of them) in the control block. */
export const F64_ARGS_BYTES = (DESC + 32) * 4;
/** Int32 slots in the control block. */
export const CONTROL_SLOTS = DESC + 32 + 16;

/** Most parts one job can be split into (the claim mask has 16 bits). */
export const MAX_PARTS = 16;

/**
 * Claims a part of job `seq` for thread `thread` of `threads`, or returns −1 when none is left (or
 * the job is no longer current). Each thread first takes its own contiguous share of the parts in
 * order — so that successive calls split the same way give each thread the same rows, which stay in
 * its core's cache — and then takes what is left of the others' shares, from their ends.
 */
export function claimPart(c: Int32Array, seq: number, parts: number, thread: number, threads: number): number {
  const lo = Math.floor((thread * parts) / threads);
  const hi = Math.floor(((thread + 1) * parts) / threads);
  for (;;) {
    const cur = Atomics.load(c, CLAIM);
    if (cur >>> 16 !== seq) return -1;
    let idx = -1;
    for (let i = lo; i < hi; i++) {
      if (!(cur & (1 << i))) {
        idx = i;
        break;
      }
    }
    if (idx < 0) {
      for (let i = parts - 1; i >= 0; i--) {
        if (!(cur & (1 << i))) {
          idx = i;
          break;
        }
      }
    }
    if (idx < 0) return -1;
    if (Atomics.compareExchange(c, CLAIM, cur, cur | (1 << idx)) === cur) return idx;
  }
}

/** A claim mask with every part taken. */
const ALL_CLAIMED = (1 << MAX_PARTS) - 1;

/**
 * Publishes job `seq` (16 bits): closes the claims, lets `write` fill in the descriptor, then resets
 * the counters, opens the job's parts and announces it on SEQ. Closing first matters: a worker still
 * in its claim loop of the previous job (all of whose parts are taken) could otherwise read the new
 * part count, find a free bit in the old mask and run a "part" of a half-written job.
 */
export function publishJob(c: Int32Array, seq: number, write: () => void): void {
  Atomics.store(c, CLAIM, (seq << 16) | ALL_CLAIMED);
  write();
  Atomics.store(c, FINISHED, 0);
  Atomics.store(c, ERROR, 0);
  Atomics.store(c, CLAIM, seq << 16);
  Atomics.store(c, SEQ, seq);
}

/** Start and end of part `i` of `parts` over [0, size), with boundaries on multiples of `align`. */
export function partRange(size: number, parts: number, i: number, align: number): [number, number] {
  const units = Math.ceil(size / align);
  const start = Math.floor((i * units) / parts) * align;
  const end = Math.min(size, Math.floor(((i + 1) * units) / parts) * align);
  return [start, Math.max(start, end)];
}

/** x rounded up to a multiple of q. */
function roundUp(x: number, q: number): number {
  return Math.ceil(x / q) * q;
}

/** gemm flag bits (descriptor argument 0). */
export const GEMM_TRANS_A = 1;
export const GEMM_TRANS_B = 2;
export const GEMM_ACCUMULATE = 4;
export const GEMM_SPLIT_COLUMNS = 8;
/** The thin mode (`thinMode`) in bits 4–5. */
export const GEMM_THIN_SHIFT = 4;

/** Widest side (columns, or rows) of C that the thin product path takes (asm/gemm.ts). */
const THIN_MAX = 4;
/** Inner dimensions at most this small take the small-k path instead (asm/gemm.ts SMALL_K). */
const SMALL_K = 4;

/**
 * The gemm path for a whole product m×n×k (0: small-k or blocked; 1: few columns; 2: few rows,
 * asm/gemm.ts `thinProduct`). Chosen once per product and passed to every block of it, so that
 * blocks that happen to look thin take the same path as the rest.
 */
export function thinMode(m: number, n: number, k: number, maxK: number): number {
  if (k <= SMALL_K || k > maxK) return 0;
  if (n <= THIN_MAX) return 1;
  if (m <= THIN_MAX) return 2;
  return 0;
}

/**
 * Runs part `part` of the job in `d` (descriptor view, unsigned; `f` the float64 arguments) on
 * thread `thread`.
 */
export function runPart(ex: KernelExports, d: Uint32Array, f: Float64Array, part: number, thread: number): void {
  const parts = d[D_PARTS]!;
  const a = D_ARGS;
  switch (d[D_OP]) {
    case Op.Gemm: {
      const flags = d[a]!;
      const m = d[a + 1]!, n = d[a + 2]!, k = d[a + 3]!;
      let pa = d[a + 4]!, pb = d[a + 5]!, pc = d[a + 6]!;
      const transA = flags & GEMM_TRANS_A ? 1 : 0;
      const transB = flags & GEMM_TRANS_B ? 1 : 0;
      const acc = flags & GEMM_ACCUMULATE ? 1 : 0;
      const thin = (flags >> GEMM_THIN_SHIFT) & 3;
      const scratch = d[D_SCRATCH]! + thread * d[D_SCRATCH_STRIDE]!;
      let rows = m, cols = n;
      // Split on the micro-tile grid: 2 rows or 16 columns of the product the kernel computes, which
      // is Cᵀ when C is thin (asm/gemm.ts: the "swapped" formulation), so rows and columns trade places.
      const swapped = roundUp(n, 2) * roundUp(m, 16) < 0.75 * roundUp(m, 2) * roundUp(n, 16);
      if (flags & GEMM_SPLIT_COLUMNS) {
        const [j0, j1] = partRange(n, parts, part, swapped ? 2 : 16);
        cols = j1 - j0;
        pb += transB ? j0 * k * 4 : j0 * 4;
        pc += j0 * 4;
      } else {
        const [i0, i1] = partRange(m, parts, part, swapped ? 16 : 2);
        rows = i1 - i0;
        pa += transA ? i0 * 4 : i0 * k * 4;
        pc += i0 * n * 4;
      }
      if (rows > 0 && cols > 0) ex.gemmStrided(transA, transB, rows, cols, k, pa, transA ? m : k, pb, transB ? k : n, pc, n, acc, thin, scratch);
      return;
    }
    case Op.Activation: {
      const rows = d[a + 1]!, cols = d[a + 2]!;
      const [r0, r1] = partRange(rows, parts, part, 1);
      const o = r0 * cols * 4;
      const bias = d[a + 4]!, d2 = d[a + 7]!;
      ex.activation(d[a]!, r1 - r0, cols, d[a + 3]! + o, bias, d[a + 5]! + o, d[a + 6]! + o, d2 === 0 ? 0 : d2 + o);
      return;
    }
    case Op.Mul:
    case Op.Add: {
      const [i0, i1] = partRange(d[a]!, parts, part, 16);
      const o = i0 * 4;
      if (d[D_OP] === Op.Mul) ex.mul(i1 - i0, d[a + 1]! + o, d[a + 2]! + o, d[a + 3]! + o);
      else ex.add(i1 - i0, d[a + 1]! + o, d[a + 2]! + o, d[a + 3]! + o);
      return;
    }
    case Op.Dual: {
      const [i0, i1] = partRange(d[a]!, parts, part, 16);
      const o = i0 * 4;
      const outT = d[a + 7]!;
      ex.dual(i1 - i0, d[a + 1]! + o, d[a + 2]! + o, d[a + 3]! + o, d[a + 4]! + o, d[a + 5]! + o, d[a + 6]! + o, outT === 0 ? 0 : outT + o);
      return;
    }
    case Op.AddBias: {
      const rows = d[a]!, cols = d[a + 1]!;
      const [r0, r1] = partRange(rows, parts, part, 1);
      ex.addBias(r1 - r0, cols, d[a + 2]! + r0 * cols * 4, d[a + 3]!);
      return;
    }
    case Op.ColumnSums: {
      const rows = d[a]!, cols = d[a + 1]!;
      const [c0, c1] = partRange(cols, parts, part, 16);
      ex.columnSums(rows, cols, c0, c1, d[a + 2]!, d[a + 3]!);
      return;
    }
    case Op.Adam: {
      const [i0, i1] = partRange(d[a]!, parts, part, 16);
      ex.adam(i1 - i0, d[a + 1]! + i0 * 4, d[a + 2]! + i0 * 4, d[a + 3]! + i0 * 8, d[a + 4]! + i0 * 8, f[0]!, f[1]!, f[2]!, f[3]!, f[4]!, f[5]!);
      return;
    }
    default:
      throw new Error(`wasm kernels: unknown job op ${d[D_OP]}`);
  }
}
