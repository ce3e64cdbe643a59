// The native thread pool's judgement of its workers (native/pool.c, hnn_health_judge), driven on a
// simulated clock: a quiet machine and the few milliseconds V8's background compiler takes a core never
// pause the workers; a busy machine does, soon, by either sign (the caller waiting, the workers not
// claiming parts); pauses double while bad spells follow each other and start over after a quiet spell.
import assert from 'node:assert/strict';
import test from 'node:test';
import { nativeKernelsStatus, nativePoolJudgement, type PoolJob } from '../src/node/native-kernels.js';

const status = nativeKernelsStatus();
const skip = status.available ? false : `native kernels not available: ${status.reason}`;

const MS = 1e6;
/** The first pause (ns), as native/pool.c sets it. */
const PAUSE = 200 * MS;

/** How a stretch of back-to-back two-part jobs on two threads goes. */
interface Stretch {
  jobs: number;
  /** Job length (ms). */
  ms: number;
  /** Fraction of the job the caller waits for the worker's part. */
  wait: number;
  /** Parts the caller runs of the two (2: the worker claimed none). */
  byCaller?: number;
}

/** A stream of jobs, 5 µs apart, and the judgement of it. */
class Stream {
  private now = 0;
  readonly jobs: PoolJob[] = [];

  /** Appends a stretch of jobs. */
  add(s: Stretch): this {
    for (let i = 0; i < s.jobs; i++) {
      const start = this.now;
      const end = start + s.ms * MS;
      this.jobs.push({ start, own: end - s.wait * s.ms * MS, end, parts: 2, byCaller: s.byCaller ?? 1, threads: 2 });
      this.now = end + 5e3;
    }
    return this;
  }

  /** The pauses in a judgement of the stream (by default a fresh one): when (ns since the stream began) and how long (ns). */
  pauses(judged = nativePoolJudgement(this.jobs)): { at: number; ns: number }[] {
    return judged.flatMap((ns, i) => (ns > 0 ? [{ at: this.jobs[i]!.end, ns }] : []));
  }
}

const HEALTHY: Omit<Stretch, 'jobs'> = { ms: 0.02, wait: 0.03 };

test('native pool: a machine with a free core for the worker never pauses it', { skip }, () => {
  const stream = new Stream().add({ jobs: 100_000, ...HEALTHY }).add({ jobs: 4_000, ...HEALTHY, ms: 0.5 });
  assert.deepEqual(stream.pauses(), []);
});

test("native pool: V8's compiler taking the worker's core for a few milliseconds does not pause it", { skip }, () => {
  // A process's first second as measured: a 15 ms burst at the start in which the caller waits 90% of
  // each job, then a stall of 3 ms (one job) every 30 ms.
  const stream = new Stream().add({ jobs: 30, ms: 0.5, wait: 0.9 });
  for (let i = 0; i < 40; i++) stream.add({ jobs: 1_000, ...HEALTHY }).add({ jobs: 1, ms: 3, wait: 0.99 });
  assert.deepEqual(stream.pauses(), []);
});

test('native pool: a worker kept waiting on a busy machine is paused soon, and only for the pause', { skip }, () => {
  const stream = new Stream().add({ jobs: 20_000, ...HEALTHY });
  const busyFrom = stream.jobs.at(-1)!.end;
  stream.add({ jobs: 40_000, ms: 0.02, wait: 0.5 });
  const judged = nativePoolJudgement(stream.jobs);
  const pauses = stream.pauses(judged);
  assert.ok(pauses.length >= 1, 'no pause');
  assert.equal(pauses[0]!.ns, PAUSE);
  // Judged on job time: half of each job waited for, the average crosses 35% after about 1.2 windows.
  assert.ok(pauses[0]!.at - busyFrom < 250 * MS, `paused only after ${((pauses[0]!.at - busyFrom) / MS).toFixed(0)} ms`);
  const first = judged.findIndex((ns) => ns > 0);
  const skipped = judged.slice(first + 1).findIndex((ns) => ns !== -1);
  const resumedAt = stream.jobs[first + 1 + skipped]!.start;
  assert.ok(resumedAt - stream.jobs[first]!.end >= PAUSE && resumedAt - stream.jobs[first]!.end < PAUSE + MS, 'jobs ran on the caller for exactly the pause');
});

test('native pool: workers that claim almost no parts are paused even when the caller never waits', { skip }, () => {
  const stream = new Stream().add({ jobs: 20_000, ...HEALTHY }).add({ jobs: 20_000, ms: 0.02, wait: 0, byCaller: 2 });
  assert.ok(stream.pauses().length >= 1);
});

test('native pool: pauses double while bad spells follow each other, up to 20 s, and start over after a quiet spell', { skip }, () => {
  const busy: Omit<Stretch, 'jobs'> = { ms: 0.5, wait: 0.5 };
  const stream = new Stream().add({ jobs: 110_000, ...busy }); // 55 s of a busy machine
  const lengths = stream.pauses().map((p) => p.ns / PAUSE);
  assert.deepEqual(lengths.slice(0, 8), [1, 2, 4, 8, 16, 32, 64, 100]);
  const quietFrom = stream.jobs.length;
  stream.add({ jobs: 40_000, ...HEALTHY, ms: 1 }); // 40 s quiet: longer than any pause
  stream.add({ jobs: 40_000, ...busy });
  const after = nativePoolJudgement(stream.jobs).slice(quietFrom).filter((ns) => ns > 0);
  assert.equal(after[0], PAUSE);
});
