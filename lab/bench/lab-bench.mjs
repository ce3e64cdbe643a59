// The lab's bench (`npm run bench:lab`): in headless Chromium on the built lab (lab/dist served with
// and without cross-origin isolation),
//   1. ms per training step in the page, threads on (2) and off (1), beside Node's WebAssembly step
//      on the same configuration (target: the page within 1.3× of Node);
//   2. whether live views slow training: wall time per step with fields, maps and rollouts following
//      the training against with them waiting (live=0);
//   3. how smooth the page stays while training: animation frames per second and the slowest frames;
//   4. time from navigation to the first frame that shows the system's data, and to first paint;
//   5. the bundle's size, raw and gzip.
// Medians throughout; the machine's load average is printed first and last (timings on a busy
// machine mean little). Options: --quick (fewer steps and loads).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { openLab, startLab, status, waitForPhase } from '../e2e/harness.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const quick = process.argv.includes('--quick');
const { CONFIGS, makeStep, prepareData } = await import(join(ROOT, 'dist', 'bench', 'configs.js'));
const { createWasmKernels } = await import(join(ROOT, 'dist', 'src', 'node', 'kernels.js'));
const { median } = await import(join(ROOT, 'dist', 'bench', 'stats.js'));

/** The configurations timed: the bench's own (src/bench/configs.ts) on states, and how the lab runs each. */
const RUNS = [
  { name: 'spring HNN', query: 'system=spring&model=hnn', steps: quick ? 150 : 400 },
  { name: 'spring baseline', query: 'system=spring&model=baseline', steps: quick ? 300 : 800 },
  { name: 'two-body HNN', query: 'system=two-body&model=hnn', steps: quick ? 600 : 2000 },
  { name: 'two-body baseline', query: 'system=two-body&model=baseline', steps: quick ? 600 : 2000 },
];
/** Rounds of the step timings (medians reported). */
const REPS = quick ? 1 : 3;
/** Live/waiting pairs of section 2. */
const PAIRS = quick ? 1 : 8;
/** Steps left out of the timings at the start (compilation, warm caches). */
const WARM_STEPS = 40;

/** What a `*` after a row or run means. */
const PAUSED_NOTE = '* the trainer\'s kernel threads paused themselves during this run: they found their cores taken';

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

/** CPU ticks so far of every Chromium thread, by process/thread id (Linux /proc; null elsewhere). */
function chromiumThreadTicks() {
  if (!existsSync('/proc/self/task')) return null;
  const ticks = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('chrom')) continue;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks.set(`${pid}/${tid}`, { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks: Number(fields[11]) + Number(fields[12]) });
      }
    } catch {
      // A process or thread that ended while being read.
    }
  }
  return ticks;
}

/** Percent of a core used between two tick snapshots by the page's own threads: every Chromium thread but the two busiest workers (the training threads). */
function pageCpu(before, after, seconds) {
  if (!before || !after) return NaN;
  const used = [...after].map(([id, t]) => ({ name: t.name, pct: (t.ticks - (before.get(id)?.ticks ?? 0)) / seconds }));
  const training = used.filter((t) => t.name.startsWith('DedicatedWorker')).sort((a, b) => b.pct - a.pct).slice(0, 2);
  return used.reduce((sum, t) => sum + t.pct, 0) - training.reduce((sum, t) => sum + t.pct, 0);
}

/** Node's median ms per step of a configuration on `threads` WebAssembly threads. */
function nodeStep(name, threads) {
  const config = CONFIGS.find((c) => c.name === name);
  prepareData([config]);
  const step = makeStep(config, createWasmKernels({ threads }));
  const fullBatch = config.batch === null;
  for (let i = 0; i < (fullBatch ? 40 : 200); i++) step();
  const times = [];
  for (let i = 0; i < (fullBatch ? (quick ? 80 : 300) : quick ? 400 : 1500); i++) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** How many times the loss curves, the phase plane (fields) and the energy maps were drawn so far. */
function viewDraws(page) {
  return page.evaluate(() => ['#loss-canvas', '#phase-plot', '#h-learned-canvas'].map((s) => Number(document.querySelector(s).dataset.draws ?? 0)));
}

/**
 * Trains in the page: the median of the step times the page reports once warm, and the wall time
 * per step from the warm step to the end (test losses, reports and the views' share included).
 */
async function pageRun(lab, url, steps) {
  const { page, errors, close } = await openLab(lab.browser, url);
  await page.waitForFunction((w) => Number(document.querySelector('[data-testid=train-status]').dataset.step) >= w, WARM_STEPS, { timeout: 300_000, polling: 20 });
  const warm = await status(page);
  const pauses0 = Number(warm.helperPauses);
  const t0 = Date.now();
  const ticks0 = chromiumThreadTicks();
  const draws0 = await viewDraws(page);
  const samples = [];
  for (;;) {
    const s = await status(page);
    if (s.phase === 'done') break;
    if (s.msPerStep) samples.push(Number(s.msPerStep));
    await page.waitForTimeout(250);
  }
  const wall = (Date.now() - t0) / (steps - Number(warm.step));
  // Clock ticks are hundredths of a second on Linux.
  const seconds = (Date.now() - t0) / 1000;
  const cpu = pageCpu(ticks0, chromiumThreadTicks(), seconds);
  const rates = (await viewDraws(page)).map((n, i) => (n - draws0[i]) / seconds);
  const paused = Number((await status(page)).helperPauses) > pauses0;
  const threads = (await page.locator('#threads-note').textContent()).match(/(\d+) thread/)?.[1] ?? '1';
  if (errors.length) throw new Error(errors.join('; '));
  await close();
  return { step: median(samples), wall, threads, cpu, rates, paused };
}

/** Animation frames while training both spring models with live views: frames per second and the 95th percentile and slowest frame (ms). */
async function smoothness(lab) {
  const { page, close } = await openLab(lab.browser, `${lab.isolated}?system=spring&model=both&steps=100000&autostart=1`);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=train-status]').dataset.step) >= 20, null, { timeout: 120_000 });
  const drawsBefore = await viewDraws(page);
  const frames = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const times = [];
        const tick = (t) => {
          times.push(t);
          if (t - times[0] < 4000) requestAnimationFrame(tick);
          else resolve(times);
        };
        requestAnimationFrame(tick);
      }),
  );
  const seconds = (frames[frames.length - 1] - frames[0]) / 1000;
  const rates = (await viewDraws(page)).map((n, i) => (n - drawsBefore[i]) / seconds);
  // Interaction while training: how long a click in the phase plane takes to be handled and painted.
  const clickMs = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const canvas = document.querySelector('[data-testid=phase-plane]');
        const t0 = performance.now();
        canvas.dispatchEvent(new MouseEvent('click', { clientX: canvas.getBoundingClientRect().left + 120, clientY: canvas.getBoundingClientRect().top + 120, bubbles: true }));
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
      }),
  );
  await close();
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  const sorted = [...gaps].sort((a, b) => a - b);
  return { fps: gaps.length / seconds, p95: sorted[Math.floor(0.95 * sorted.length)], worst: sorted[sorted.length - 1], clickMs, rates };
}

/** Navigation to first paint and to the first frame showing the data, over fresh loads (ms, medians). */
async function firstFrame(lab, url, loads) {
  const paint = [];
  const frame = [];
  for (let i = 0; i < loads; i++) {
    const { page, close } = await openLab(lab.browser, url);
    await page.waitForFunction(() => performance.getEntriesByName('lab-first-frame').length > 0, null, { timeout: 60_000 });
    const t = await page.evaluate(() => ({
      frame: performance.getEntriesByName('lab-first-frame')[0].startTime,
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    }));
    paint.push(t.paint);
    frame.push(t.frame);
    await close();
  }
  return { paint: median(paint), frame: median(frame) };
}

/** Sizes of the built files (bytes), raw and gzip. */
function bundleSizes() {
  const dir = join(ROOT, 'lab', 'dist');
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push({ name: p.slice(dir.length + 1), raw: statSync(p).size, gzip: gzipSync(readFileSync(p), { level: 9 }).length });
    }
  };
  walk(dir);
  return files;
}

console.log(`machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, node ${process.version}, load average ${load()}`);
const lab = await startLab();
try {
  console.log('\n1. ms per training step: the page (median step, views waiting; wall per step incl. test losses and reports) beside Node (median step)');
  console.log(`   medians of ${REPS} rounds, page and Node interleaved`);
  console.log(`${'config'.padEnd(20)}${'threads'.padStart(8)}${'page step'.padStart(11)}${'page wall'.padStart(11)}${'Node step'.padStart(11)}${'page/Node'.padStart(11)}`);
  const rows = RUNS.flatMap((run) => [2, 1].map((threads) => ({ run, threads, page: [], wall: [], node: [], shown: '', paused: false })));
  for (let round = 0; round < REPS; round++) {
    for (const row of rows) {
      const url = `${lab.isolated}?${row.run.query}&steps=${row.run.steps}&autostart=1&live=0${row.threads === 1 ? '&threads=1' : ''}`;
      const page = await pageRun(lab, url, row.run.steps);
      row.page.push(page.step);
      row.wall.push(page.wall);
      row.shown = page.threads;
      row.paused ||= page.paused;
      row.node.push(nodeStep(row.run.name, row.threads));
    }
  }
  for (const row of rows) {
    const [p, w, n] = [median(row.page), median(row.wall), median(row.node)];
    console.log(`${row.run.name.padEnd(20)}${row.shown.padStart(8)}${p.toFixed(2).padStart(11)}${w.toFixed(2).padStart(11)}${n.toFixed(2).padStart(11)}${(p / n).toFixed(2).padStart(10)}×${row.paused ? ' *' : ''}`);
  }
  if (rows.some((row) => row.paused)) console.log(PAUSED_NOTE);

  console.log('\n2. live views: wall ms per step training both spring models, views following the training vs waiting (live=0)');
  const both = RUNS[0].steps;
  const runs = { live: [], wait: [] };
  // Interleaved pairs, so that both see the same changes of the machine's load, each pair in the
  // other order than the one before (live first, then waiting first), so that a drift within pairs cancels.
  for (let i = 0; i < PAIRS; i++) {
    for (const live of i % 2 ? [false, true] : [true, false]) runs[live ? 'live' : 'wait'].push(await pageRun(lab, `${lab.isolated}?system=spring&model=both&steps=${both}&autostart=1${live ? '' : '&live=0'}`, both));
  }
  for (const [key, label] of [['live', 'live views'], ['wait', 'views wait']]) {
    const r = runs[key];
    console.log(`${label.padEnd(12)} ${median(r.map((x) => x.wall)).toFixed(2)} ms per step pair (runs: ${r.map((x) => `${x.wall.toFixed(2)}${x.paused ? '*' : ''}`).join(', ')}); the page's own threads ${median(r.map((x) => x.cpu)).toFixed(0)}% of a core`);
  }
  const rates = [0, 1, 2].map((i) => median(runs.live.map((x) => x.rates[i])).toFixed(1));
  console.log(`view updates per second with live views: loss curves ${rates[0]}, phase plane (fields) ${rates[1]}, energy maps ${rates[2]}`);
  const pairs = runs.live.map((x, i) => x.wall / runs.wait[i].wall - 1);
  console.log(`live views cost ${(100 * median(pairs)).toFixed(1)}% of the training speed (median of ${pairs.length} pairs: ${pairs.map((p) => (100 * p).toFixed(0)).join(', ')}%; target ≤ 10%)`);
  if ([...runs.live, ...runs.wait].some((x) => x.paused)) console.log(PAUSED_NOTE);

  console.log('\n3. smoothness while training both spring models with live views');
  const smooth = await smoothness(lab);
  console.log(`${smooth.fps.toFixed(1)} frames/s, 95th percentile frame ${smooth.p95.toFixed(1)} ms, slowest ${smooth.worst.toFixed(1)} ms; a click in the phase plane handled and painted in ${smooth.clickMs.toFixed(1)} ms`);
  console.log(`view updates per second: loss curves ${smooth.rates[0].toFixed(1)}, phase plane (fields) ${smooth.rates[1].toFixed(1)}, energy maps ${smooth.rates[2].toFixed(1)}`);

  console.log('\n4. navigation → first contentful paint / first frame with the data (median of fresh loads)');
  const loads = quick ? 3 : 7;
  for (const [label, base] of [['isolated', lab.isolated], ['not isolated', lab.plain]]) {
    for (const system of ['spring', 'two-body']) {
      const t = await firstFrame(lab, `${base}?system=${system}`, loads);
      console.log(`${`${system}, ${label}`.padEnd(24)} ${t.paint.toFixed(0).padStart(5)} ms / ${t.frame.toFixed(0).padStart(5)} ms`);
    }
  }

  console.log('\n5. bundle (lab/dist)');
  const files = bundleSizes();
  for (const f of files) console.log(`${f.name.padEnd(36)} ${(f.raw / 1024).toFixed(1).padStart(7)} KiB ${(f.gzip / 1024).toFixed(1).padStart(7)} KiB gzip`);
  const total = files.reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), { raw: 0, gzip: 0 });
  console.log(`${'total'.padEnd(36)} ${(total.raw / 1024).toFixed(1).padStart(7)} KiB ${(total.gzip / 1024).toFixed(1).padStart(7)} KiB gzip`);
} finally {
  await lab.close();
  console.log(`\nload average at the end ${load()}`);
}
