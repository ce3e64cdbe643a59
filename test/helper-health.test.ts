// The thread pool's judgement of its workers (src/kernels/helper-health.ts), driven by synthetic job
// timings: a healthy machine never pauses them, a short hiccup of a worker does not either, a busy
// machine does (by either sign), and pauses lengthen while bad spells follow each other.
import assert from 'node:assert/strict';
import test from 'node:test';
import { HelperHealth, PAUSE_MS } from '../src/kernels/helper-health.js';

/** How the jobs of a stretch go: durations in ms, fractions of the job or of the workers' fair share. */
interface Stretch {
  jobs: number;
  /** Job length (ms). */
  ms: number;
  /** Fraction of the job the caller waits for a worker's part. */
  wait: number;
  /** Parts the workers run, as a fraction of their fair share. */
  share: number;
  /** Process CPU time per wall time during the jobs (2 = both threads busy throughout). */
  cpuRatio: number;
}

const HEALTHY: Omit<Stretch, 'jobs'> = { ms: 0.05, wait: 0.03, share: 0.95, cpuRatio: 1.9 };

/** A pool's health on a simulated clock, with the pauses it decided. */
class Simulation {
  now = 0;
  cpu = 0;
  readonly pauses: { at: number; ms: number }[] = [];
  readonly health: HelperHealth;

  /** A 2-core machine whose run queue reads `runnable` threads (unreadable by default, as in browsers). */
  constructor(runnable: () => number | null = () => null) {
    this.health = new HelperHealth(() => this.cpu, 300, runnable, 2);
  }

  /** Runs a stretch of back-to-back split jobs (jobs asked for while paused run on the caller, unobserved). */
  run(s: Stretch): void {
    for (let i = 0; i < s.jobs; i++) {
      const start = this.now;
      const end = start + s.ms;
      const helping = this.health.helping(start);
      this.cpu += s.ms * 1000 * (helping ? s.cpuRatio : 1);
      this.now = end + 0.005;
      if (!helping) continue;
      const pause = this.health.observe({ start, own: end - s.wait * s.ms, end, byWorkers: s.share, fair: 1, helpers: 1 });
      if (pause > 0) this.pauses.push({ at: end, ms: pause });
    }
  }
}

test('a machine with a free core for the worker never pauses it', () => {
  const sim = new Simulation();
  sim.run({ jobs: 40_000, ...HEALTHY }); // 2 s of 50 µs jobs
  sim.run({ jobs: 4_000, ...HEALTHY, ms: 0.5 }); // 2 s of 0.5 ms jobs
  assert.deepEqual(sim.pauses, []);
});

test("a worker lagging while its code compiles (its first ~1000 jobs) is not taken for a slow machine", () => {
  const sim = new Simulation();
  sim.run({ jobs: 1000, ...HEALTHY, wait: 0.25, share: 0.6 });
  sim.run({ jobs: 20_000, ...HEALTHY });
  assert.deepEqual(sim.pauses, []);
});

test('a short stall of a worker (1 ms among 50 µs jobs) does not pause the workers', () => {
  const sim = new Simulation();
  sim.run({ jobs: 5_000, ...HEALTHY });
  // The caller waits 1 ms for the part the descheduled worker holds, then takes all parts itself for
  // the next 1 ms (the worker claims none), the process using one core meanwhile.
  sim.run({ jobs: 1, ms: 1, wait: 0.99, share: 1, cpuRatio: 1 });
  sim.run({ jobs: 20, ...HEALTHY, share: 0, cpuRatio: 1 });
  sim.run({ jobs: 5_000, ...HEALTHY });
  assert.deepEqual(sim.pauses, []);
});

test('workers kept waiting on a busy machine are paused soon, then resume after the pause', () => {
  const sim = new Simulation();
  sim.run({ jobs: 5_000, ...HEALTHY });
  const busyFrom = sim.now;
  // The caller waits half of every job and the worker runs a third of its share (CPU ratio still high:
  // only the waiting sign can tell).
  for (let i = 0; i < 10_000 && sim.pauses.length === 0; i++) sim.run({ jobs: 1, ms: 0.05, wait: 0.5, share: 0.33, cpuRatio: 1.9 });
  assert.equal(sim.pauses.length, 1, 'no pause');
  const first = sim.pauses[0]!;
  assert.equal(first.ms, PAUSE_MS);
  assert.ok(first.at - busyFrom < 25, `paused only after ${(first.at - busyFrom).toFixed(1)} ms of lagging jobs`);
  assert.equal(sim.health.helping(first.at + PAUSE_MS / 2), false);
  assert.equal(sim.health.helping(first.at + PAUSE_MS + 1), true);
});

test('threads that do not run side by side (CPU time ≈ wall time) are paused by the CPU-ratio sign alone', () => {
  const sim = new Simulation();
  sim.run({ jobs: 5_000, ...HEALTHY });
  const busyFrom = sim.now;
  sim.run({ jobs: 10_000, ...HEALTHY, cpuRatio: 1.05 });
  assert.ok(sim.pauses.length >= 1, 'no pause');
  assert.ok(sim.pauses[0]!.at - busyFrom <= 2 * 100 + 1, 'paused after more than two 100 ms windows');
});

test('pauses double while bad spells follow each other closely and start over after a quiet spell', () => {
  const sim = new Simulation();
  const busy: Omit<Stretch, 'jobs'> = { ms: 0.05, wait: 0.5, share: 0.33, cpuRatio: 1.05 };
  sim.run({ jobs: 200_000, ...busy }); // about 11 s of a busy machine
  const lengths = sim.pauses.map((p) => p.ms);
  assert.deepEqual(lengths.slice(0, 5), [PAUSE_MS, 2 * PAUSE_MS, 4 * PAUSE_MS, 8 * PAUSE_MS, 16 * PAUSE_MS]);
  sim.run({ jobs: 40_000, ...HEALTHY, ms: 1 }); // 40 s of a quiet machine (longer than any pause): no pause
  const quiet = sim.pauses.length;
  sim.run({ jobs: 40_000, ...busy });
  assert.equal(sim.pauses.length > quiet, true);
  assert.equal(sim.pauses[quiet]!.ms, PAUSE_MS);
});

test('a worker lagging on its own core (caller waits 40% of each job, worker runs its full share) is kept while the run queue shows no crowding or cannot be read', () => {
  const lagging: Omit<Stretch, 'jobs'> = { ...HEALTHY, wait: 0.4, share: 1 };
  const quiet = new Simulation(() => 2);
  quiet.run({ jobs: 5_000, ...HEALTHY });
  quiet.run({ jobs: 20_000, ...lagging }); // 1 s of lagging jobs
  assert.deepEqual(quiet.pauses, [], 'two threads still beat one below a 50% wait');
  // Where the run queue cannot be read (a browser), crowding cannot be told: only the break-even wait counts.
  const unreadable = new Simulation();
  unreadable.run({ jobs: 5_000, ...HEALTHY });
  unreadable.run({ jobs: 20_000, ...lagging });
  assert.deepEqual(unreadable.pauses, [], 'paused below the break-even wait without a reading of the run queue');
  const unreadableSlow = new Simulation();
  unreadableSlow.run({ jobs: 5_000, ...HEALTHY });
  unreadableSlow.run({ jobs: 20_000, ...HEALTHY, wait: 0.6, share: 1 });
  assert.ok(unreadableSlow.pauses.length >= 1, 'no pause for a worker slower than the caller alone, run queue unreadable');
  // A single crowded sample now and then (a V8 helper thread running for a moment) does not count.
  let samples = 0;
  const blips = new Simulation(() => (++samples % 5 === 0 ? 3 : 2));
  blips.run({ jobs: 5_000, ...HEALTHY });
  blips.run({ jobs: 20_000, ...lagging });
  assert.ok(samples >= 8, `${samples} run-queue samples`);
  assert.deepEqual(blips.pauses, []);
  // The same waits with more runnable threads than cores: the workers are time-sliced, so they pause.
  const crowded = new Simulation(() => 3);
  crowded.run({ jobs: 5_000, ...HEALTHY });
  crowded.run({ jobs: 20_000, ...lagging });
  assert.ok(crowded.pauses.length >= 1, 'no pause on a crowded machine');
  // And on an uncrowded machine a worker that keeps the caller waiting more than half of each job is paused.
  const slow = new Simulation(() => 2);
  slow.run({ jobs: 5_000, ...HEALTHY });
  slow.run({ jobs: 20_000, ...HEALTHY, wait: 0.6, share: 1 });
  assert.ok(slow.pauses.length >= 1, 'no pause for a worker slower than the caller alone');
});
