// Whether the thread pool's workers pay (src/kernels/thread-pool.ts asks before splitting a job).
// Workers pay only with cores of their own; a worker time-sliced with other processes costs the
// caller more than its parts save. The rules:
// - CPU ratio: over windows of at least WINDOW_MS of back-to-back jobs, the process's CPU time per
//   wall time must reach 1 + CPU_RATIO_PER_WORKER per worker taking part (skipped where the host
//   cannot read CPU time).
// - Waiting: over recent jobs (exponentially weighted, JOB_DECAY), the caller's time spent waiting
//   for parts a worker holds must stay below WAIT_FRACTION_LIMIT of job time when the machine is
//   crowded (more runnable threads than cores in CROWDED_WINDOWS run-queue samples in a row), and below
//   LAGGING_WAIT_LIMIT otherwise (a worker lagging on its own core, e.g. behind V8's compiler, still
//   pays), and where the run queue is unreadable (browsers): there only splitting that no longer
//   pays (the caller waiting half of each job) tells a time-sliced worker from a lagging one.
// - Share: the workers must run at least MIN_WORKER_SHARE of their fair share of the parts.
// - None of this is judged during the workers' warm-up (the first MIN_JOBS jobs).
// A broken rule pauses the workers (jobs run on the caller alone, with the same bits) for PAUSE_MS,
// doubling while bad spells follow within PERSIST_MS of resuming, up to MAX_PAUSE_MS.

const WINDOW_MS = 100;
const CPU_RATIO_PER_WORKER = 0.5;
const WAIT_FRACTION_LIMIT = 0.3;
const LAGGING_WAIT_LIMIT = 0.5;
/** Consecutive run-queue samples (one per CPU-ratio window) that must show crowding before it counts. */
const CROWDED_WINDOWS = 2;
const MIN_WORKER_SHARE = 0.5;
/** Decay per job of those sums (about the last few hundred jobs count; single short stalls do not). */
const JOB_DECAY = 0.995;
/** Jobs observed (with every worker up) before the sums are trusted: the workers' warm-up. */
const MIN_JOBS = 2048;
/** First pause, longest pause, and how soon after resuming a bad spell counts as the same one (ms). */
export const PAUSE_MS = 200;
const MAX_PAUSE_MS = 30_000;
const PERSIST_MS = 2_000;

/** What the caller saw of one split job (times in ms on one clock). */
export interface JobTiming {
  /** When the job was published, when the caller finished its own parts, when all parts were done. */
  readonly start: number;
  readonly own: number;
  readonly end: number;
  /** Parts the workers ran, and their fair share of the job's parts. */
  readonly byWorkers: number;
  readonly fair: number;
  /** Workers that could take part. */
  readonly helpers: number;
}

/** The pool's running judgement of its workers; see the notes at the top of this file. */
export class HelperHealth {
  /** Exponentially decayed sums of the caller's waiting time and of job time (ms). */
  private waitSum = 0;
  private jobSum = 0;
  /** Exponentially decayed sums of the parts workers ran and of the workers' fair share of parts. */
  private workerParts = 0;
  private fairParts = 0;
  /** Jobs observed since the signs were last forgotten. */
  private jobs = 0;
  /** Until when (ms) jobs run on the caller alone (0: not paused), and the next pause's length. */
  private pausedUntil = 0;
  private nextPause = PAUSE_MS;
  /** When the last pause ended (ms). */
  private resumedAt = -Infinity;
  /** Start of the current CPU-ratio window (wall ms, process CPU µs), or wall = −1 for none. */
  private windowWall = -1;
  private windowCpu: number | null = 0;
  /** Jobs in the current window. */
  private windowJobs = 0;
  /** End of the last job (ms). */
  private lastEnd = 0;
  /** Consecutive run-queue samples showing more runnable threads than cores. */
  private crowdedWindows = 0;

  /** A gap between jobs longer than this (ms) ends a CPU-ratio window. */
  private readonly maxGapMs: number;

  /**
   * `cpuMicros` reads the process's CPU time (µs; null where it cannot); `spinMicros` is how long the workers spin for the
   * next job before they sleep (a longer gap between jobs means they slept); `runnable` reads how many
   * threads the machine has ready to run (null when it cannot tell), compared with its `cores`.
   */
  constructor(
    private readonly cpuMicros: () => number | null,
    spinMicros: number,
    private readonly runnable: () => number | null,
    private readonly cores: number,
  ) {
    this.maxGapMs = (2 * spinMicros) / 1000;
  }

  /** Whether jobs should be split across threads at wall time `now`: false while the workers are paused. */
  helping(now: number): boolean {
    if (this.pausedUntil === 0) return true;
    if (now < this.pausedUntil) return false;
    this.pausedUntil = 0;
    this.resumedAt = now;
    this.forget();
    return true;
  }

  /** Starts the signs afresh (the workers just resumed, or are still starting). */
  forget(): void {
    this.waitSum = this.jobSum = this.workerParts = this.fairParts = 0;
    this.jobs = 0;
    this.windowWall = -1;
  }

  /** Weighs one split job; returns the length (ms) of the pause it starts, or 0. */
  observe(job: JobTiming): number {
    const { start, own, end } = job;
    this.waitSum = JOB_DECAY * this.waitSum + (end - own);
    this.jobSum = JOB_DECAY * this.jobSum + (end - start);
    this.workerParts = JOB_DECAY * this.workerParts + job.byWorkers;
    this.fairParts = JOB_DECAY * this.fairParts + job.fair;
    this.jobs++;
    const waitLimit = this.crowdedWindows >= CROWDED_WINDOWS ? WAIT_FRACTION_LIMIT : LAGGING_WAIT_LIMIT;
    let bad = this.jobs >= MIN_JOBS && (this.waitSum > waitLimit * this.jobSum || this.workerParts < MIN_WORKER_SHARE * this.fairParts);
    // A gap longer than the workers' spin (they slept, the caller worked alone) ends the window:
    // the ratio is only meaningful over a stretch of back-to-back jobs.
    if (start - this.lastEnd > this.maxGapMs) this.windowWall = -1;
    this.lastEnd = end;
    if (this.windowWall < 0) {
      this.windowWall = end;
      this.windowCpu = this.cpuMicros();
      this.windowJobs = 0;
    } else if (++this.windowJobs >= 32 && end - this.windowWall >= WINDOW_MS) {
      const cpu = this.cpuMicros();
      if (cpu !== null && this.windowCpu !== null) bad ||= (cpu - this.windowCpu) / 1000 / (end - this.windowWall) < 1 + CPU_RATIO_PER_WORKER * job.helpers;
      const ready = this.runnable();
      this.crowdedWindows = ready !== null && ready > this.cores ? Math.min(CROWDED_WINDOWS, this.crowdedWindows + 1) : 0;
      this.windowWall = -1;
    }
    if (!bad) return 0;
    // Spells in close succession lengthen the pause; an isolated one starts over.
    if (end - this.resumedAt > PERSIST_MS) this.nextPause = PAUSE_MS;
    const pause = this.nextPause;
    this.pausedUntil = end + pause;
    this.nextPause = Math.min(MAX_PAUSE_MS, 2 * pause);
    return pause;
  }
}
