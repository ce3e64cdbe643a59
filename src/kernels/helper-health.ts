// Whether the thread pool's workers pay (src/kernels/thread-pool.ts asks before splitting a job).
// Workers only pay when they have cores of their own; when other processes keep the cores busy, a
// worker ends up time-sliced with the caller (or starved), and its spinning then costs the caller more
// than its parts save. Two signs are watched while jobs are split:
// - over windows of at least WINDOW_MS of back-to-back jobs, the process's CPU time per wall-clock
//   time (below 1 + CPU_RATIO_PER_WORKER per worker taking part means the threads did not really run
//   side by side);
// - over recent jobs (exponentially weighted, about the last few hundred), the fraction of job time the
//   caller spends waiting for parts a worker holds (above WAIT_FRACTION_LIMIT), or the fraction of the
//   parts the workers run (below MIN_WORKER_SHARE of their fair share: the caller keeps taking their
//   parts because they are late). With a free core each, the caller waits 2–5% of a job and the
//   workers run 90–100% of their share; while a fresh worker's code is still being compiled (its first
//   ~1000 jobs) it may lag to 25% and 65% — measured on the two-body baseline, whose jobs are the
//   shortest — hence the limits and the warm-up below.
//   The window counts jobs, not time. With 50 µs jobs it is only ~10 ms, so a worker descheduled for
//   a few ms now and then pauses the workers for nothing (0–3 times in 10,000 two-body steps). A window
//   of 100 ms of job time avoided that, but it let a machine whose other core is taken (where workers
//   are descheduled every few ms) run the spring HNN step up to 12% slower than with the short window,
//   further below one thread's speed; so the short window stays.
// The waiting sign reads two ways. On a crowded machine (more runnable threads than cores in
// CROWDED_WINDOWS run-queue samples in a row, one taken at the end of each CPU-ratio window, so that a
// V8 helper thread running for a moment does not count) a caller kept waiting means the workers are
// time-sliced with other work, and their spinning costs more than it saves: the limit is
// WAIT_FRACTION_LIMIT. Otherwise a worker that merely lags on its own core (its core busy with V8's
// compiler or GC for a while) still pays until the caller waits half of each job, so the limit is then
// LAGGING_WAIT_LIMIT: on a quiet 2-core VM every needless pause came from waits of 30–44% with the
// worker running its full share (19 pauses in 8 runs of 10,000 two-body steps), while beside a CPU
// hog the run queue shows the crowding and the workers pause as before. Where the run queue cannot be
// read, the machine counts as crowded.
// Either pauses the workers (jobs run on the caller alone, which gives the same bits) for PAUSE_MS,
// doubling while bad spells follow each other closely (within PERSIST_MS of resuming), up to
// MAX_PAUSE_MS. Transient spells (V8's compiler or GC threads taking a core for a moment) thus cost
// little, a machine that stays busy gets the workers out of the way for longer and longer.

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
  private windowCpu = 0;
  /** Jobs in the current window. */
  private windowJobs = 0;
  /** End of the last job (ms). */
  private lastEnd = 0;
  /** Consecutive run-queue samples showing more runnable threads than cores (counted as crowded throughout when unreadable). */
  private crowdedWindows: number;

  /** A gap between jobs longer than this (ms) ends a CPU-ratio window. */
  private readonly maxGapMs: number;

  /**
   * `cpuMicros` reads the process's CPU time (µs); `spinMicros` is how long the workers spin for the
   * next job before they sleep (a longer gap between jobs means they slept); `runnable` reads how many
   * threads the machine has ready to run (null when it cannot tell), compared with its `cores`.
   */
  constructor(
    private readonly cpuMicros: () => number,
    spinMicros: number,
    private readonly runnable: () => number | null,
    private readonly cores: number,
  ) {
    this.maxGapMs = (2 * spinMicros) / 1000;
    this.crowdedWindows = runnable() === null ? CROWDED_WINDOWS : 0;
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
      const ratio = (this.cpuMicros() - this.windowCpu) / 1000 / (end - this.windowWall);
      bad ||= ratio < 1 + CPU_RATIO_PER_WORKER * job.helpers;
      const ready = this.runnable();
      this.crowdedWindows = ready === null || ready > this.cores ? Math.min(CROWDED_WINDOWS, this.crowdedWindows + 1) : 0;
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
