// The worker threads that share the WebAssembly kernels' work, one pool per JavaScript thread that
// uses the kernels. A call is split into parts (src/kernels/parallel.ts); the calling thread publishes
// the job in a shared control block, takes parts itself, and waits (Atomics.wait, allowed in Node's
// main thread) for the parts workers took. Parts are claimed with compare-and-swap, so a worker that
// is asleep or descheduled never holds the caller up: the caller simply runs the remaining parts.
// Workers spin for a short while after each job (jobs in a training step come every few hundred
// microseconds; waking a sleeping thread costs tens to hundreds of microseconds), then sleep.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { claimPart, CONTROL_SLOTS, F64_ARGS_BYTES, READY, D_MEM, D_OP, D_PARTS, D_SCRATCH, D_SCRATCH_STRIDE, D_THREADS, DESC, ERROR, FINISHED, publishJob, runPart, SEQ, SLEEPERS, type KernelExports } from './parallel.js';

/** What a worker receives at start-up. */
export interface WorkerSetup {
  readonly control: SharedArrayBuffer;
  readonly module: unknown;
  /** Thread index (1, 2, …; the calling thread is 0). */
  readonly index: number;
  readonly port: MessagePort;
  /** Microseconds a worker keeps spinning for the next job before it sleeps. */
  readonly spinMicros: number;
}

/** Messages on a worker's port: a memory to instantiate the module over, or one to forget. */
export type PoolMessage = { readonly type: 'add'; readonly id: number; readonly memory: unknown } | { readonly type: 'drop'; readonly id: number };

/** A memory (kernel set) the pool works for. */
export interface PoolMember {
  /** Identifier of the memory in jobs. */
  readonly id: number;
  readonly memory: unknown;
  /** The caller's own instance over that memory. */
  readonly exports: KernelExports;
  /** Workers (by index) that were sent the memory. */
  readonly knownBy: Set<number>;
}

/** How long (µs) workers spin after a job before sleeping. */
const SPIN_MICROS = 300;
/**
 * Helper health. Workers only pay when they have cores of their own; when other processes keep the
 * cores busy, a worker ends up time-sliced with the caller (or starved), and its spinning then costs
 * the caller more than its parts save. Two signs are watched while jobs are split:
 * - over windows of at least WINDOW_MS of back-to-back jobs, the process's CPU time per wall-clock
 *   time (below 1 + CPU_RATIO_PER_WORKER per worker taking part means the threads did not really
 *   run side by side);
 * - over recent jobs (exponentially weighted), the fraction of job time the caller spends waiting for
 *   parts a worker holds (above WAIT_FRACTION_LIMIT), or the fraction of the parts the workers run
 *   (below MIN_WORKER_SHARE of their fair share: the caller keeps taking their parts because they
 *   are late). With a free core each, the caller waits 2–5% of a job and the workers run 90–100% of
 *   their share; while a fresh worker's code is still being compiled (its first ~1000 jobs) it may
 *   lag to 25% and 65% — measured on the two-body baseline, whose jobs are the shortest — hence the
 *   limits and the warm-up below.
 * Either pauses the workers (jobs run on the caller alone, which gives the same bits) for PAUSE_MS,
 * doubling while bad spells follow each other closely (within PERSIST_MS of resuming), up to
 * MAX_PAUSE_MS. Transient spells (V8's compiler or GC threads taking a core for a moment) thus cost
 * little, a machine that stays busy gets the workers out of the way for longer and longer.
 */
const WINDOW_MS = 100;
const CPU_RATIO_PER_WORKER = 0.5;
const WAIT_FRACTION_LIMIT = 0.3;
const MIN_WORKER_SHARE = 0.5;
/** Decay per job of those sums (about the last few hundred jobs count; single stalls do not). */
const WAIT_DECAY = 0.995;
/** Jobs observed (with every worker up) before the sums are trusted: the workers' warm-up. */
const MIN_JOBS = 2048;
const PAUSE_MS = 200;
const MAX_PAUSE_MS = 30_000;
const PERSIST_MS = 2_000;

/** How long the caller waits for a worker's part before declaring the worker lost (ms). */
const STALL_MS = 60_000;

interface WorkerHandle {
  readonly worker: Worker;
  readonly port: MessagePort;
}

/** Counters of a pool's work so far. */
export interface PoolStats {
  /** Worker threads started. */
  workers: number;
  /** Jobs split across threads, and their parts. */
  jobs: number;
  parts: number;
  /** Parts the workers ran (the rest ran on the calling thread). */
  partsByWorkers: number;
  /** Times the workers were paused as slow, and the total pause time (ms). */
  pauses: number;
  pausedMs: number;
  /** Time (ms) the caller spent on its own parts, and waiting for the workers' afterwards. */
  ownMs: number;
  waitMs: number;
}

/** The counters of a pool that has done nothing yet. */
const NO_WORK: Readonly<PoolStats> = { workers: 0, jobs: 0, parts: 0, partsByWorkers: 0, pauses: 0, pausedMs: 0, ownMs: 0, waitMs: 0 };

/** The pool of the current JavaScript thread. */
export class ThreadPool {
  /** Counters of the work so far (read-only for callers). */
  readonly stats: PoolStats = { ...NO_WORK };
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  private readonly desc = new Uint32Array(this.control.buffer, DESC * 4, CONTROL_SLOTS - DESC);
  private readonly f64 = new Float64Array(this.control.buffer, F64_ARGS_BYTES, 8);
  private readonly workers: WorkerHandle[] = [];
  private seq = 0;
  private readonly members = new Map<number, PoolMember>();
  private nextId = 1;
  private readonly finalizer = new FinalizationRegistry<number>((id) => this.drop(id));
  /** Exponentially decayed sums of the caller's waiting time and of job time (ms). */
  private waitSum = 0;
  private jobSum = 0;
  /** Exponentially decayed sums of the parts workers ran and of the workers' fair share of parts. */
  private workerParts = 0;
  private fairParts = 0;
  /** Jobs observed since the last pause ended (the average needs a few before it is trusted). */
  private jobs = 0;
  /** Until when (performance.now() ms) jobs run on the caller alone, and the next pause's length. */
  private pausedUntil = 0;
  private nextPause = PAUSE_MS;
  /** When the last pause ended (wall ms). */
  private resumedAt = -Infinity;
  /** Start of the current CPU-ratio window (wall ms, process CPU µs), or wall = −1 for none. */
  private windowWall = -1;
  private windowCpu = 0;
  /** Parallel jobs in the current window. */
  private windowJobs = 0;
  /** End of the last job (wall ms), and how many workers could take part in it. */
  private lastEnd = 0;
  private lastHelpers = 1;

  constructor(private readonly module: unknown) {}

  /** Registers a memory whose kernel set (`owner`) may run jobs; forgotten when `owner` is collected. */
  register(owner: object, memory: unknown, exports: KernelExports): PoolMember {
    const member: PoolMember = { id: this.nextId++, memory, exports, knownBy: new Set() };
    this.members.set(member.id, member);
    this.finalizer.register(owner, member.id);
    return member;
  }

  /** Number of worker threads started so far. */
  get size(): number {
    return this.workers.length;
  }

  /** Starts workers until there are `count` (they join jobs as soon as they are up). */
  ensureWorkers(count: number): void {
    while (this.workers.length < count) {
      const index = this.workers.length + 1;
      const { port1, port2 } = new MessageChannel();
      const setup: WorkerSetup = { control: this.control.buffer as SharedArrayBuffer, module: this.module, index, port: port2, spinMicros: SPIN_MICROS };
      const worker = new Worker(new URL('./wasm-worker.js', import.meta.url), { workerData: setup, transferList: [port2] });
      worker.unref();
      port1.unref();
      // A failing worker must not crash the process: its parts are then run by the caller.
      worker.on('error', () => undefined);
      this.workers.push({ worker, port: port1 });
      this.stats.workers++;
    }
  }

  /**
   * Whether jobs should be split across threads now: false while the workers are paused because
   * they were found slow. (Results do not depend on it: every split gives the same bits.)
   */
  helping(): boolean {
    if (this.pausedUntil === 0) return true;
    const now = performance.now();
    if (now < this.pausedUntil) return false;
    this.pausedUntil = 0;
    this.resumedAt = now;
    this.forgetHealth();
    return true;
  }

  /** Starts the helper-health signs afresh (workers just resumed or still starting). */
  private forgetHealth(): void {
    this.waitSum = this.jobSum = this.workerParts = this.fairParts = 0;
    this.jobs = 0;
    this.windowWall = -1;
  }

  /**
   * Runs the job whose op-specific arguments the caller has written via `args` in `parts` parts on
   * up to `threads` threads (the caller included), then returns when every part is done.
   */
  run(
    member: PoolMember,
    op: number,
    parts: number,
    threads: number,
    scratch: number,
    scratchStride: number,
    args: (d: Uint32Array, f: Float64Array) => void,
  ): void {
    const c = this.control;
    const d = this.desc;
    const helpers = Math.min(threads - 1, this.workers.length);
    this.lastHelpers = Math.max(1, helpers);
    for (let w = 1; w <= helpers; w++) {
      if (!member.knownBy.has(w)) {
        this.workers[w - 1]!.port.postMessage({ type: 'add', id: member.id, memory: member.memory } satisfies PoolMessage);
        member.knownBy.add(w);
      }
    }
    const s = (this.seq = (this.seq + 1) & 0xffff);
    publishJob(c, s, () => {
      d[D_OP] = op;
      d[D_MEM] = member.id;
      d[D_PARTS] = parts;
      d[D_THREADS] = threads;
      d[D_SCRATCH] = scratch;
      d[D_SCRATCH_STRIDE] = scratchStride;
      args(d, this.f64);
    });
    if (helpers > 0 && Atomics.load(c, SLEEPERS) > 0) Atomics.notify(c, SEQ);
    const start = performance.now();
    let mine = 0;
    for (let idx; (idx = claimPart(c, s, parts, 0, threads)) >= 0; mine++) runPart(member.exports, d, this.f64, idx, 0);
    let finished = Atomics.add(c, FINISHED, mine) + mine;
    const own = performance.now();
    if (finished < parts) {
      let spins = 0;
      let waited = 0;
      while ((finished = Atomics.load(c, FINISHED)) < parts) {
        if (++spins < 20000) continue;
        if (Atomics.wait(c, FINISHED, finished, 100) === 'timed-out') {
          waited += 100;
          if (waited >= STALL_MS) throw new Error('wasm kernels: a worker thread stopped responding');
        }
      }
    }
    this.stats.jobs++;
    this.stats.parts += parts;
    this.stats.partsByWorkers += parts - mine;
    const end = performance.now();
    this.stats.ownMs += own - start;
    this.stats.waitMs += end - own;
    this.observe(start, own, end, parts - mine, helpers > 0 ? (parts * helpers) / (helpers + 1) : 0);
    if (Atomics.load(c, ERROR) !== 0) throw new Error('wasm kernels: a worker thread failed while running its part');
  }

  /**
   * Updates the helper-health signs with one job (start, caller's parts done, all done; parts the
   * workers ran and their fair share) and pauses the workers if needed.
   */
  private observe(start: number, own: number, end: number, byWorkers: number, fair: number): void {
    if (Atomics.load(this.control, READY) < this.lastHelpers) {
      // Workers still starting: the caller ran their parts; nothing to learn yet.
      this.forgetHealth();
      return;
    }
    this.waitSum = WAIT_DECAY * this.waitSum + (end - own);
    this.jobSum = WAIT_DECAY * this.jobSum + (end - start);
    this.workerParts = WAIT_DECAY * this.workerParts + byWorkers;
    this.fairParts = WAIT_DECAY * this.fairParts + fair;
    this.jobs++;
    let bad = this.jobs >= MIN_JOBS && (this.waitSum > WAIT_FRACTION_LIMIT * this.jobSum || this.workerParts < MIN_WORKER_SHARE * this.fairParts);
    // A gap longer than the workers' spin (they slept, the caller worked alone) ends the window:
    // the ratio is only meaningful over a stretch of back-to-back jobs.
    if (start - this.lastEnd > (2 * SPIN_MICROS) / 1000) this.windowWall = -1;
    this.lastEnd = end;
    if (this.windowWall < 0) {
      this.windowWall = end;
      this.windowCpu = cpuMicros();
      this.windowJobs = 0;
    } else if (++this.windowJobs >= 32 && end - this.windowWall >= WINDOW_MS) {
      const ratio = (cpuMicros() - this.windowCpu) / 1000 / (end - this.windowWall);
      bad ||= ratio < 1 + CPU_RATIO_PER_WORKER * this.lastHelpers;
      this.windowWall = -1;
    }
    if (bad) {
      // Spells in close succession lengthen the pause; an isolated one starts over.
      if (end - this.resumedAt > PERSIST_MS) this.nextPause = PAUSE_MS;
      this.stats.pauses++;
      this.stats.pausedMs += this.nextPause;
      this.pausedUntil = end + this.nextPause;
      this.nextPause = Math.min(MAX_PAUSE_MS, 2 * this.nextPause);
    }
  }

  /** Tells the workers to forget a memory (its kernel set was garbage-collected). */
  private drop(id: number): void {
    const member = this.members.get(id);
    if (!member) return;
    this.members.delete(id);
    for (const w of member.knownBy) this.workers[w - 1]?.port.postMessage({ type: 'drop', id } satisfies PoolMessage);
  }
}

/** User + system CPU time of the whole process, µs. */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

let pool: ThreadPool | undefined;

/** The pool of this JavaScript thread, created on first use for `module`. */
export function threadPool(module: unknown): ThreadPool {
  pool ??= new ThreadPool(module);
  return pool;
}

/** A copy of the counters of this JavaScript thread's pool (all zero before any split call). */
export function threadPoolStats(): PoolStats {
  return { ...(pool?.stats ?? NO_WORK) };
}
