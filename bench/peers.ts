// The peer benchmarks: the same training steps in JAX (jit, XLA CPU) and PyTorch 2 (CPU), run side by
// side with ours (bench/peers/hnn_jax.py, bench/peers/hnn_torch.py in the venv that
// scripts/setup-peers.sh makes). Writes the datasets and our initial weights to a temp folder, keeps
// each peer running as a child process that answers one JSON request per line, and alternates the
// runs (ours, JAX, PyTorch, ours, JAX, PyTorch …) because the VM is shared and noisy: the ratios are
// medians of the rounds' ratios. A missing venv or package skips that peer with a one-line reason.
// Run: node dist/bench/peers.js [--quick] [--threads 1|2] [--rounds N] [--data-dir DIR (kept, for running a peer by hand)]
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../src/core/dataset.js';
import { Random } from '../src/core/random.js';
import { createNativeKernels, nativeAmxOnRequest, nativeKernelsStatus } from '../src/node/native-kernels.js';
import { createKernels } from '../src/node/kernels.js';
import type { Kernels } from '../src/kernels/types.js';
import { createModel } from '../src/models/factory.js';
import { PIXEL_DEFAULTS, PixelHNN } from '../src/models/pixel-hnn.js';
import { pairCount } from '../src/models/pixel-pairs.js';
import type { LatentKind, ModelKind } from '../src/models/types.js';
import type { Param } from '../src/nn/layer.js';
import { Adam } from '../src/optim/adam.js';
import { generatePixelPendulumDataset, type PixelDataset } from '../src/systems/pixel-pendulum/dataset.js';
import { generateSpringDataset } from '../src/systems/trajectory-dataset.js';
import { generateTwoBodyDataset } from '../src/systems/two-body.js';
import { train } from '../src/train/train.js';
import { median } from './stats.js';

/** One configuration timed on every side. */
export interface PeerConfig {
  /** Identifier shared with the peers, e.g. `spring-hnn`. */
  readonly id: string;
  /** Table label. */
  readonly name: string;
  /** `full`: the authors' whole training loop (spring, full batch, test loss every step), timed as one run. */
  readonly task: 'spring' | 'two-body' | 'pixels' | 'full';
  readonly kind: ModelKind;
  /** Rows per step (pre-drawn random batches), or null for the full batch. */
  readonly batch: number | null;
  /** Adam's PyTorch-style L2 weight decay (the paper's per task). */
  readonly weightDecay: number;
}

/** The configurations of the brief: spring and two-body HNN / baseline, pixel HNN, the authors' full spring HNN loop. */
export const PEER_CONFIGS: readonly PeerConfig[] = [
  { id: 'spring-hnn', name: 'spring HNN', task: 'spring', kind: 'hnn', batch: null, weightDecay: 1e-4 },
  { id: 'spring-baseline', name: 'spring baseline', task: 'spring', kind: 'baseline', batch: null, weightDecay: 1e-4 },
  { id: 'two-body-hnn', name: 'two-body HNN', task: 'two-body', kind: 'hnn', batch: 200, weightDecay: 0 },
  { id: 'two-body-baseline', name: 'two-body baseline', task: 'two-body', kind: 'baseline', batch: 200, weightDecay: 0 },
  { id: 'pixel-hnn', name: 'pixel HNN', task: 'pixels', kind: 'hnn', batch: 200, weightDecay: 1e-5 },
  { id: 'full-spring-hnn', name: "spring HNN, authors' loop", task: 'full', kind: 'hnn', batch: null, weightDecay: 1e-4 },
];

/** Steps of the authors' full-batch training loop. */
const FULL_STEPS = 2000;

/** Trials of the pixel dataset: enough rows for random batches of 200, quick to render (as bench/configs.ts). */
const PIXEL_TRIALS = 20;

/** Random batches drawn beforehand and used in turn by every side. */
const BATCHES = 64;

/** A kernel set of ours to time: `make(threads)` gives a fresh one (e.g. wasm now, native later). */
export interface OurBackend {
  readonly name: string;
  readonly make: (threads: number) => Kernels<Float32Array>;
}

/** Our WebAssembly kernels, the default backend. */
export const WASM_BACKEND: OurBackend = { name: 'wasm', make: (threads) => createKernels('wasm', { threads }) };

/** Our native kernels (where built at install). */
export const NATIVE_BACKEND: OurBackend = { name: 'native', make: (threads) => createKernels('native', { threads }) };

/** Our native kernels on the opt-in AMX path (where the CPU and OS allow it). */
export const AMX_BACKEND: OurBackend = { name: 'amx', make: (threads) => createNativeKernels({ isa: 'amx', threads }) };

/** Options of `runPeers`. */
export interface PeerOptions {
  /** Fewer rounds and repetitions. */
  readonly quick?: boolean;
  /** Threads on every side: 1 also pins the peers to core 0 (default 2). */
  readonly threads?: number;
  /** Alternating rounds per configuration (default 5, quick 2; the full training 3, quick 1). */
  readonly rounds?: number;
  /** Our kernel sets (default: wasm). */
  readonly backends?: readonly OurBackend[];
  /** Peers to run (default both). */
  readonly peers?: readonly PeerName[];
  /** Configurations (default PEER_CONFIGS). */
  readonly configs?: readonly PeerConfig[];
  /** The peers' Python (default $HNN_PEERS_PYTHON, else .venv-peers/bin/python of this checkout). */
  readonly python?: string;
  /** Folder for the datasets and weights, kept afterwards (default: a temp folder, removed). */
  readonly dataDir?: string;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

/** The peer implementations. */
export type PeerName = 'jax' | 'pytorch';

/** One side's figures for one configuration. */
export interface ConfigResult {
  readonly config: string;
  /** Median over the rounds of each round's median ms per train step (for `full`: seconds of the whole run). */
  readonly median: number;
  /** Each round's figure, in order. */
  readonly rounds: number[];
  /** Fastest and slowest single step over all rounds (ms; absent for `full`). */
  readonly minMs?: number;
  readonly maxMs?: number;
  /** Wall seconds spent on this configuration, setup and compilation included. */
  readonly seconds: number;
  /** Loss of the first train step from the shared initial weights on the first batch. */
  readonly loss0?: number;
  /** For `full`: train and test loss after the last step. */
  readonly trainLoss?: number;
  readonly testLoss?: number;
  /** For a peer: per backend of ours, the median over rounds of (ours / this peer). */
  readonly ratios: Record<string, number>;
}

/** One side of the comparison: a backend of ours or a peer. */
export interface PeerResult {
  /** e.g. `ours:wasm`, `jax`, `pytorch`. */
  readonly name: string;
  /** Why this side did not run (one line), when it did not. */
  readonly skipped?: string;
  /** Threads it computed with, and the cores it was allowed. */
  readonly threads?: number;
  readonly cores?: number;
  readonly versions?: Record<string, string>;
  readonly configs: ConfigResult[];
}

/** Root of this checkout (dist/bench/peers.js → ../..). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What one timing round measured. */
interface Round {
  ms: number;
  minMs: number;
  maxMs: number;
  trainLoss?: number;
  testLoss?: number;
}

// ---- data: generated once, written for the peers ----

/** The datasets, pre-drawn batches and initial weights of a run. */
interface Prepared {
  readonly dir: string;
  readonly data: Map<string, Dataset>;
  readonly pixels: PixelDataset | undefined;
  readonly batches: Map<string, Int32Array[]>;
}

/** Writes `a` as a raw little-endian file and returns its manifest entry. */
function writeArray(dir: string, file: string, a: Float32Array | Int32Array, shape: number[]): { file: string; dtype: string; shape: number[] } {
  writeFileSync(join(dir, file), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return { file, dtype: a instanceof Float32Array ? 'f32' : 'i32', shape };
}

/** BATCHES random batches of `size` rows out of `rows` (Random(1), as bench/configs.ts). */
function drawBatches(rows: number, size: number): Int32Array[] {
  const rng = new Random(1);
  return Array.from({ length: BATCHES }, () => rng.sample(rows, size));
}

/** A configuration's model of ours (Random(0)): its parameters under the authors' state-dict names, and loss and gradients of one batch. */
function buildModel(config: PeerConfig, kernels: Kernels<Float32Array>, p: Prepared): { named: [string, Param<Float32Array>][]; lossAndGrad: (rows: Int32Array | null) => number } {
  if (config.task === 'pixels') {
    const data = p.pixels!;
    const model = new PixelHNN(kernels, { kind: 'pixel', latent: config.kind as LatentKind, pixel: { ...PIXEL_DEFAULTS, inputDim: data.inputDim } }, new Random(0));
    return { named: model.namedParams(), lossAndGrad: (rows) => model.lossAndGrad(data.train, rows) };
  }
  const data = p.data.get(config.task === 'two-body' ? 'two-body' : 'spring')!;
  const mlp = { inputDim: data.dim, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh' as const };
  const model =
    config.kind === 'hnn'
      ? createModel(kernels, { kind: 'hnn', field: 'solenoidal', mlp: { ...mlp, outputDim: 2 } }, new Random(0))
      : createModel(kernels, { kind: 'baseline', mlp: { ...mlp, outputDim: data.dim } }, new Random(0));
  return { named: model.namedParams(), lossAndGrad: (rows) => model.lossAndGrad(data.train, rows) };
}

/** Generates the data of `configs` and writes it, the batches and our initial weights with a manifest.json into `into` (default: a new temp folder). */
function prepare(configs: readonly PeerConfig[], kernels: Kernels<Float32Array>, into: string | undefined): Prepared {
  const dir = into ?? mkdtempSync(join(tmpdir(), 'hnn-peers-'));
  mkdirSync(dir, { recursive: true });
  const data = new Map<string, Dataset>();
  const batches = new Map<string, Int32Array[]>();
  let pixels: PixelDataset | undefined;
  const prepared = (): Prepared => ({ dir, data, pixels, batches });
  const manifest: unknown[] = [];
  for (const c of configs) {
    const arrays: Record<string, unknown> = {};
    if (c.task === 'pixels') {
      pixels ??= generatePixelPendulumDataset({ seed: 0, trials: PIXEL_TRIALS });
      const { frames, first, framePixels } = pixels.train;
      arrays.frames = writeArray(dir, 'pixel-frames.f32', frames, [frames.length / framePixels, framePixels]);
      arrays.first = writeArray(dir, 'pixel-first.i32', first, [first.length]);
    } else {
      const task = c.task === 'two-body' ? 'two-body' : 'spring';
      if (!data.has(task)) data.set(task, task === 'spring' ? generateSpringDataset({ seed: 0 }) : generateTwoBodyDataset({ seed: 0 }));
      const d = data.get(task)!;
      const write = (name: string, a: Float64Array): unknown => writeArray(dir, `${task}-${name}.f32`, Float32Array.from(a), [a.length / d.dim, d.dim]);
      arrays.x = write('x', d.train.x);
      arrays.dx = write('dx', d.train.dx);
      if (c.task === 'full') {
        arrays.testX = write('testX', d.test.x);
        arrays.testDx = write('testDx', d.test.dx);
      }
    }
    if (c.batch !== null) {
      const rows = c.task === 'pixels' ? pairCount(pixels!.train) : data.get(c.task)!.train.x.length / data.get(c.task)!.dim;
      const list = drawBatches(rows, c.batch);
      batches.set(c.id, list);
      const flat = new Int32Array(BATCHES * c.batch);
      list.forEach((b, i) => flat.set(b, i * c.batch!));
      arrays.batches = writeArray(dir, `${c.id}-batches.i32`, flat, [BATCHES, c.batch]);
    }
    const weights: Record<string, unknown> = {};
    for (const [name, param] of buildModel(c, kernels, prepared()).named) {
      weights[name] = writeArray(dir, `${c.id}-${name}.f32`, Float32Array.from(param.value), [...param.shape]);
    }
    manifest.push({ ...c, steps: c.task === 'full' ? FULL_STEPS : undefined, arrays, weights });
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ configs: manifest }));
  return prepared();
}

// ---- our side ----

/** Our train step of `config` (loss and gradients, then Adam), cycling through the pre-drawn batches. */
function ourStep(config: PeerConfig, kernels: Kernels<Float32Array>, p: Prepared): () => number {
  const model = buildModel(config, kernels, p);
  const adam = new Adam(
    model.named.map(([, param]) => param),
    { lr: 1e-3, weightDecay: config.weightDecay },
    kernels,
  );
  const list = p.batches.get(config.id) ?? [null];
  let i = 0;
  return () => {
    const loss = model.lossAndGrad(list[i++ % list.length]!);
    adam.step();
    return loss;
  };
}

/** Median, min and max ms of `reps` timed calls of `step` after `warmup` untimed ones. */
function timeSteps(step: () => number, warmup: number, reps: number): Round {
  for (let i = 0; i < warmup; i++) step();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) };
}

/** Our full spring HNN training with the authors' loop (test loss on the whole test set every step), seconds as `ms`. */
function ourFullTraining(config: PeerConfig, kernels: Kernels<Float32Array>, p: Prepared): Round {
  const data = p.data.get('spring')!;
  const mlp = { inputDim: 2, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh' as const, outputDim: 2 };
  const model = createModel(kernels, { kind: 'hnn', field: 'solenoidal', mlp }, new Random(0));
  const r = train(model, data, { steps: FULL_STEPS, batchSize: null, lr: 1e-3, weightDecay: config.weightDecay, seed: 1, logEvery: 1 });
  const last = r.history[r.history.length - 1]!;
  return { ms: r.seconds, minMs: r.seconds, maxMs: r.seconds, trainLoss: last.trainLoss, testLoss: last.testLoss };
}

// ---- the peers' side ----

/** A peer running in --serve mode: one JSON request per line in, one JSON line out. */
class PeerProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private stderr = '';
  private closed = false;

  /** Starts `script` with `python`. */
  constructor(python: string, script: string, args: string[]) {
    this.child = spawn(python, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    createInterface({ input: this.child.stdout }).on('line', (line) => this.push(line));
    const end = (): void => {
      this.closed = true;
      this.push(null);
    };
    this.child.on('exit', end);
    this.child.on('error', (e) => {
      this.stderr += e.message;
      end();
    });
  }

  /** Delivers a line (null: the process ended) to the reader waiting for it, else queues it. */
  private push(line: string | null): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(line);
    } else if (line !== null) this.lines.push(line);
  }

  /** The next JSON line the peer prints; rejects with the last line of its stderr when it ends first. */
  async next(): Promise<Record<string, unknown>> {
    const line = this.lines.length > 0 ? this.lines.shift()! : this.closed ? null : await new Promise<string | null>((resolve) => (this.waiting = resolve));
    if (line === null) {
      const reason = this.stderr.trim().split('\n').pop() ?? '';
      throw new Error(`the process ended${reason ? `: ${reason}` : ''}`);
    }
    return JSON.parse(line) as Record<string, unknown>;
  }

  /** Sends a request and waits for its answer. */
  async request(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.child.stdin.write(`${JSON.stringify(body)}\n`);
    return this.next();
  }

  /** Closes its stdin, so that it exits. */
  close(): void {
    this.child.stdin.end();
  }
}

/** The peers' Python: the option, $HNN_PEERS_PYTHON, or this checkout's .venv-peers. */
function peerPython(option: string | undefined): string {
  return option ?? process.env.HNN_PEERS_PYTHON ?? join(ROOT, '.venv-peers', 'bin', 'python');
}

/** Script of each peer. */
const PEER_SCRIPTS: Record<PeerName, string> = { jax: 'hnn_jax.py', pytorch: 'hnn_torch.py' };

/** Starts a peer, or says in one line why it cannot run. */
async function startPeer(name: PeerName, python: string, dir: string, threads: number): Promise<{ proc?: PeerProcess; result: PeerResult }> {
  if (!existsSync(python)) return { result: { name, skipped: `no peers venv (${python} missing): run scripts/setup-peers.sh`, configs: [] } };
  const args = ['--data', dir, '--threads', String(threads), '--serve'];
  const proc = new PeerProcess(python, join(ROOT, 'bench', 'peers', PEER_SCRIPTS[name]), args);
  try {
    const head = await proc.next();
    if (typeof head.skipped === 'string') return { result: { name, skipped: head.skipped, configs: [] } };
    return {
      proc,
      result: { name, threads: head.threads as number, cores: head.cores as number, versions: head.versions as Record<string, string>, configs: [] },
    };
  } catch (e) {
    return { result: { name, skipped: `${name} did not start (${(e as Error).message})`, configs: [] } };
  }
}

// ---- the comparison ----

/** Untimed and timed steps per round (several rounds follow, so fewer than bench/train-step.ts takes at once). */
function repetitions(config: PeerConfig, quick: boolean, firstRound: boolean): [number, number] {
  if (config.task === 'pixels') return [firstRound ? 10 : 3, quick ? 20 : 50];
  if (config.batch === null) return [firstRound ? 30 : 10, quick ? 60 : 150];
  return [firstRound ? 100 : 30, quick ? 150 : 500];
}

/** Collects a side's rounds of one configuration. */
class Tally {
  readonly rounds: Round[] = [];
  seconds = 0;
  loss0: number | undefined;

  /** The configuration's result; `ratios` per backend of ours. */
  result(config: PeerConfig, ratios: Record<string, number>): ConfigResult {
    const last = this.rounds[this.rounds.length - 1];
    return {
      config: config.id,
      median: median(this.rounds.map((r) => r.ms)),
      rounds: this.rounds.map((r) => r.ms),
      ...(config.task === 'full' ? { trainLoss: last?.trainLoss, testLoss: last?.testLoss } : { minMs: Math.min(...this.rounds.map((r) => r.minMs)), maxMs: Math.max(...this.rounds.map((r) => r.maxMs)) }),
      seconds: this.seconds,
      ...(this.loss0 !== undefined ? { loss0: this.loss0 } : {}),
      ratios,
    };
  }
}

/**
 * Times every configuration on our backends and on the peers, alternating round by round, and
 * returns one result per side (ours first, as `ours:<backend>`); skipped peers carry the reason.
 */
export async function runPeers(options: PeerOptions = {}): Promise<PeerResult[]> {
  const quick = options.quick ?? false;
  const threads = options.threads ?? 2;
  const backends = options.backends ?? [WASM_BACKEND];
  const configs = options.configs ?? PEER_CONFIGS;
  const log = options.log ?? ((): void => undefined);
  if (backends.length === 0) throw new Error('runPeers: needs at least one backend of ours');
  const kernels = backends.map((b) => b.make(threads));
  const prepared = prepare(configs, kernels[0]!, options.dataDir);
  const python = peerPython(options.python);
  const ours: PeerResult[] = backends.map((b, i) => ({
    name: `ours:${b.name}`,
    threads: kernels[i]!.threads,
    cores: availableParallelism(),
    versions: { node: process.version, kernels: kernels[i]!.name },
    configs: [],
  }));
  const peers: { proc?: PeerProcess; result: PeerResult }[] = [];
  for (const name of options.peers ?? (['jax', 'pytorch'] as const)) {
    const peer = await startPeer(name, python, prepared.dir, threads);
    log(peer.result.skipped ? `${name}: skipped: ${peer.result.skipped}` : `${name}: ${JSON.stringify(peer.result.versions)}, ${peer.result.threads} thread(s)`);
    peers.push(peer);
  }
  try {
    for (const config of configs) {
      const full = config.task === 'full';
      const rounds = options.rounds ?? (full ? (quick ? 1 : 3) : quick ? 2 : 5);
      const ourTallies = backends.map(() => new Tally());
      const peerTallies = peers.map(() => new Tally());
      const steps = full ? [] : kernels.map((k) => ourStep(config, k, prepared));
      for (let r = 0; r < rounds; r++) {
        const [warmup, reps] = repetitions(config, quick, r === 0);
        for (let b = 0; b < backends.length; b++) {
          const t0 = performance.now();
          const tally = ourTallies[b]!;
          if (full) tally.rounds.push(ourFullTraining(config, kernels[b]!, prepared));
          else {
            if (r === 0) tally.loss0 = steps[b]!();
            tally.rounds.push(timeSteps(steps[b]!, warmup, reps));
          }
          tally.seconds += (performance.now() - t0) / 1000;
        }
        for (let i = 0; i < peers.length; i++) {
          const peer = peers[i]!;
          if (!peer.proc || peer.result.skipped) continue;
          try {
            const a = await peer.proc.request(full ? { config: config.id } : { config: config.id, warmup, reps });
            const tally = peerTallies[i]!;
            tally.rounds.push(full ? { ms: a.trainSeconds as number, minMs: 0, maxMs: 0, trainLoss: a.trainLoss as number, testLoss: a.testLoss as number } : (a as unknown as Round));
            tally.seconds += a.seconds as number;
            if (typeof a.loss0 === 'number') tally.loss0 = a.loss0;
          } catch (e) {
            (peer.result as { skipped?: string }).skipped = `failed on ${config.id} (${(e as Error).message})`;
            log(`${peer.result.name}: ${peer.result.skipped}`);
          }
        }
        const figures = [...backends.map((b, j) => [`ours:${b.name}`, ourTallies[j]!] as const), ...peers.map((p, i) => [p.result.name, peerTallies[i]!] as const)]
          .filter(([, t]) => t.rounds.length > r)
          .map(([n, t]) => `${n} ${t.rounds[r]!.ms.toFixed(2)}`);
        log(`${config.name}, round ${r + 1}/${rounds}: ${figures.join(', ')} ${full ? 's' : 'ms'} (load ${loadavg()[0]!.toFixed(1)})`);
      }
      ours.forEach((o, b) => o.configs.push(ourTallies[b]!.result(config, {})));
      peers.forEach((peer, i) => {
        const tally = peerTallies[i]!;
        if (tally.rounds.length === 0) return;
        const ratios: Record<string, number> = {};
        backends.forEach((b, j) => {
          const n = Math.min(tally.rounds.length, ourTallies[j]!.rounds.length);
          ratios[b.name] = median(Array.from({ length: n }, (_, k) => ourTallies[j]!.rounds[k]!.ms / tally.rounds[k]!.ms));
        });
        peer.result.configs.push(tally.result(config, ratios));
      });
    }
  } finally {
    for (const peer of peers) peer.proc?.close();
    if (options.dataDir === undefined) rmSync(prepared.dir, { recursive: true, force: true });
  }
  return [...ours, ...peers.map((p) => p.result)];
}

/** The comparison as a text table: per configuration and backend of ours, ms (seconds for full runs) and the ratios. */
export function peersTable(results: readonly PeerResult[], configs: readonly PeerConfig[] = PEER_CONFIGS): string {
  const ours = results.filter((r) => r.name.startsWith('ours:'));
  const jax = results.find((r) => r.name === 'jax');
  const torch = results.find((r) => r.name === 'pytorch');
  const cell = (side: PeerResult | undefined, id: string): ConfigResult | undefined => side?.configs.find((c) => c.config === id);
  const fmt = (c: ConfigResult | undefined): string => (c ? c.median.toFixed(2) : '–');
  const ratio = (c: ConfigResult | undefined, backend: string): string => (c?.ratios[backend] !== undefined ? `${c.ratios[backend]!.toFixed(2)}×` : '–');
  const lines = [['config', 'ours', 'ours ms', 'JAX ms', 'PyTorch ms', 'ours/JAX', 'ours/PyTorch']];
  for (const config of configs) {
    for (const o of ours) {
      const c = cell(o, config.id);
      if (!c) continue;
      const label = config.task === 'full' ? `${config.name} (s)` : config.name;
      const backend = o.name.slice('ours:'.length);
      lines.push([label, backend, fmt(c), fmt(cell(jax, config.id)), fmt(cell(torch, config.id)), ratio(cell(jax, config.id), backend), ratio(cell(torch, config.id), backend)]);
    }
  }
  const widths = lines[0]!.map((_, j) => Math.max(...lines.map((l) => l[j]!.length)));
  return lines.map((l) => l.map((s, j) => (j === 0 ? s.padEnd(widths[j]!) : s.padStart(widths[j]!))).join('  ')).join('\n');
}

/** Loss of the first step from the shared weights on every side, and the largest relative difference to ours. */
export function lossCheck(results: readonly PeerResult[]): string {
  const lines: string[] = [];
  const base = results[0];
  for (const c of base?.configs ?? []) {
    const others = results.slice(1).map((r) => [r.name, r.configs.find((x) => x.config === c.config)] as const);
    if (c.loss0 !== undefined) {
      const parts = others.filter(([, x]) => x?.loss0 !== undefined).map(([n, x]) => `${n} ${x!.loss0!.toPrecision(7)} (${relative(x!.loss0!, c.loss0!)})`);
      lines.push(`${c.config}: step-0 loss ours ${c.loss0.toPrecision(7)}; ${parts.join(', ') || 'no peer'}`);
    } else if (c.testLoss !== undefined) {
      const parts = others.filter(([, x]) => x?.testLoss !== undefined).map(([n, x]) => `${n} ${x!.testLoss!.toPrecision(5)} (${relative(x!.testLoss!, c.testLoss!)})`);
      lines.push(`${c.config}: final test loss ours ${c.testLoss.toPrecision(5)}; ${parts.join(', ') || 'no peer'}`);
    }
  }
  return lines.join('\n');
}

/** Relative difference of `a` to `b`, formatted. */
function relative(a: number, b: number): string {
  return `rel. diff ${(Math.abs(a - b) / Math.abs(b)).toExponential(1)}`;
}

/** The CLI: options, pinning to core 0 with --threads 1 (re-run under taskset), the table. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const threads = Number(option('--threads') ?? 2);
  if (threads !== 1 && threads !== 2) throw new Error(`--threads must be 1 or 2, got ${option('--threads')}`);
  const rounds = option('--rounds') !== undefined ? Number(option('--rounds')) : undefined;
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds >= 1)) throw new Error(`--rounds must be a positive integer, got ${option('--rounds')}`);
  if (threads === 1 && process.env.HNN_PEERS_PINNED !== '1' && spawnSync('taskset', ['-V']).status === 0) {
    const child = spawnSync('taskset', ['-c', '0', process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), ...args], {
      stdio: 'inherit',
      env: { ...process.env, HNN_PEERS_PINNED: '1' },
    });
    process.exitCode = child.status ?? 1;
    return;
  }
  const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, node ${process.version}, load average ${load()}`);
  console.log(`threads: ${threads}${threads === 1 ? ' (every side pinned to core 0)' : ''}; ${new Date().toISOString()}`);
  const dataDir = option('--data-dir');
  const native = nativeKernelsStatus();
  if (!native.available) console.log(`native kernels: not available (${native.reason}); timing the WebAssembly kernels only`);
  const results = await runPeers({
    // The opt-in AMX path as a third side where it runs (and is not already the default).
    backends: native.available ? [NATIVE_BACKEND, ...(nativeAmxOnRequest() ? [AMX_BACKEND] : []), WASM_BACKEND] : [WASM_BACKEND],
    quick: args.includes('--quick'),
    threads,
    ...(rounds !== undefined ? { rounds } : {}),
    ...(dataDir !== undefined ? { dataDir } : {}),
    log: (line) => console.log(line),
  });
  console.log('');
  for (const r of results) {
    console.log(r.skipped ? `${r.name}: skipped: ${r.skipped}` : `${r.name}: ${r.threads} thread(s) on ${r.cores} core(s), ${Object.entries(r.versions ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  console.log('');
  console.log('median ms per train step (forward, loss, backward, Adam); full runs in seconds; ratios: medians of the rounds\' ratios');
  console.log(peersTable(results));
  console.log('');
  console.log('min–max ms per step over all rounds, and each round\'s median:');
  for (const r of results) {
    for (const c of r.configs) {
      const range = c.minMs !== undefined ? `${c.minMs.toFixed(2)}–${c.maxMs!.toFixed(2)} ms, ` : '';
      console.log(`  ${r.name.padEnd(12)} ${c.config.padEnd(18)} ${range}rounds ${c.rounds.map((x) => x.toFixed(2)).join(' ')}, ${c.seconds.toFixed(1)} s in all`);
    }
  }
  console.log('');
  console.log(lossCheck(results));
  console.log(`load average at the end: ${load()}`);
  console.log(`RESULTS ${JSON.stringify(results)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
