// The worker threads that share the WebAssembly kernels' work, one pool per worker host (Node's
// worker_threads or a browser's Web Workers, src/kernels/worker-host.ts). A call is split into parts
// (src/kernels/parallel.ts); the calling thread publishes the job in a shared control block, takes
// parts itself, and waits (Atomics.wait) for the parts workers took. Parts are claimed with
// compare-and-swap, so a worker that is asleep or descheduled never holds the caller up: the caller
// simply runs the remaining parts. Workers spin for a short while after each job (jobs in a training
// step come every few hundred microseconds; waking a sleeping thread costs tens to hundreds of
// microseconds), then sleep.
import { HelperHealth } from './helper-health.js';
import { claimPart, CONTROL_SLOTS, F64_ARGS_BYTES, READY, D_MEM, D_OP, D_PARTS, D_SCRATCH, D_SCRATCH_STRIDE, D_THREADS, DESC, ERROR, FINISHED, publishJob, runPart, SEQ, SLEEPERS, type KernelExports } from './parallel.js';
import type { WasmModule } from './wasm-module.js';
import type { KernelWorkerHost, PoolMessage, WorkerHandle } from './worker-host.js';

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

/** How long the caller waits for a worker's part before declaring the worker lost (ms). */
const STALL_MS = 60_000;

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

/** The pool of one worker host on the current JavaScript thread. */
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
  /** Whether the workers pay (they pause themselves when other processes keep the cores busy). */
  private readonly health: HelperHealth;

  /** A pool whose workers run `module` on threads of `host`. */
  constructor(
    private readonly module: WasmModule,
    private readonly host: KernelWorkerHost,
  ) {
    this.health = new HelperHealth(() => host.cpuMicros(), SPIN_MICROS, () => host.runnableThreads(), host.cores);
  }

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
      this.workers.push(this.host.start({ control: this.control.buffer as SharedArrayBuffer, module: this.module, index, spinMicros: SPIN_MICROS }));
      this.stats.workers++;
    }
  }

  /**
   * Whether jobs should be split across threads now: false while the workers are paused because
   * they were found slow (src/kernels/helper-health.ts). Results do not depend on it: every split
   * gives the same bits.
   */
  helping(): boolean {
    return this.health.helping(performance.now());
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
    for (let w = 1; w <= helpers; w++) {
      if (!member.knownBy.has(w)) {
        this.workers[w - 1]!.post({ type: 'add', id: member.id, memory: member.memory } satisfies PoolMessage);
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
    const helpersWanted = Math.max(1, helpers);
    if (Atomics.load(c, READY) < helpersWanted) {
      // Workers still starting: the caller ran their parts; nothing to learn yet.
      this.health.forget();
    } else {
      const fair = helpers > 0 ? (parts * helpers) / (helpers + 1) : 0;
      const pause = this.health.observe({ start, own, end, byWorkers: parts - mine, fair, helpers: helpersWanted });
      if (pause > 0) {
        this.stats.pauses++;
        this.stats.pausedMs += pause;
      }
    }
    if (Atomics.load(c, ERROR) !== 0) throw new Error('wasm kernels: a worker thread failed while running its part');
  }

  /** Resolves once `count` workers run their loop (true), or after `timeoutMs` (false); yields to this thread's event loop meanwhile. */
  async started(count: number, timeoutMs: number): Promise<boolean> {
    const end = performance.now() + timeoutMs;
    while (Atomics.load(this.control, READY) < count) {
      if (performance.now() > end) return false;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return true;
  }

  /** Tells the workers to forget a memory (its kernel set was garbage-collected). */
  private drop(id: number): void {
    const member = this.members.get(id);
    if (!member) return;
    this.members.delete(id);
    for (const w of member.knownBy) this.workers[w - 1]?.post({ type: 'drop', id } satisfies PoolMessage);
  }
}

const pools = new Map<KernelWorkerHost, ThreadPool>();

/** The pool of `host` on this JavaScript thread, created on first use for `module`. */
export function threadPool(module: WasmModule, host: KernelWorkerHost): ThreadPool {
  let pool = pools.get(host);
  if (!pool) pools.set(host, (pool = new ThreadPool(module, host)));
  return pool;
}

/** The counters of every pool of this JavaScript thread, added up (all zero before any split call). */
export function threadPoolStats(): PoolStats {
  const total: PoolStats = { ...NO_WORK };
  for (const pool of pools.values()) for (const key of Object.keys(total) as (keyof PoolStats)[]) total[key] += pool.stats[key];
  return total;
}
