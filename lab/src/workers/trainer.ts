// The trainer (a role of the lab's worker, worker.ts): makes the data of a system, trains the HNN and the baseline side by side on
// the WebAssembly kernels (threads where the page is cross-origin isolated), reports about ten
// times a second, computes the live fields and maps between steps when asked, and writes and reads
// model files.
import { createKernels, InputError, modelFromFile, prepareTaskRun, threadPoolStats } from 'hnn';
import type { Dataset, Kernels, StateModelFile } from 'hnn';
import { systemFromSource } from '../systems/sources.js';
import type { LabSystem } from '../systems/system.js';
import { summarizeData } from './data-summary.js';
import { gridViews } from './grid-views.js';
import { ModelCopies } from './model-copies.js';
import type { GridRequest, LabKind, RunSnapshot, TrainerReply, TrainerRequest } from './protocol.js';
import { Run, type PreparedStateRun } from './run.js';

/** How often the page hears of progress (the last step may overrun it: 13 to 16 times a second), and the least time between two test-loss measurements (ms). */
const REPORT_MS = 60;
/** Longest stretch of training between two looks at the message queue (ms). */
const SLICE_MS = 25;
/** Test-loss measurements take at most this share of the training time, and come at least this often (ms). */
const TEST_SHARE = 0.03;
const TEST_MAX_MS = 300;
/** The data, models and settings of the current setup. */
interface Setup {
  readonly system: LabSystem;
  readonly data: Dataset;
  readonly kernels: Kernels<Float32Array>;
  readonly runs: Run[];
  /**
   * Copies of the runs' models that the live views are computed on: on the training models, every
   * view would bind their buffers to the grid's rows and the next step back to the batch's, zeroing
   * them each time, which costs more than the views.
   */
  readonly viewModels: ModelCopies;
}

let threads: 'auto' | 1 = 'auto';
/** The dataset of the last setup and what it was made from (a new run on the same data skips making it). */
let lastData: { key: string; data: Dataset } | null = null;
let setup: Setup | null = null;
let running = false;
let looping = false;

const post = (reply: TrainerReply, transfer: Transferable[] = []): void => postMessage(reply, { transfer });

/** Fresh kernels for a setup (old ones go with their models). */
function kernels(): Kernels<Float32Array> {
  return createKernels('auto', threads === 1 ? { threads: 1 } : {});
}

/** Makes the data and fresh models: the library's runs of the task, as the CLI's (weights from seed 2·seed, batches from 2·seed + 1). */
function makeSetup(request: Extract<TrainerRequest, { type: 'setup' }>): Setup {
  const system = systemFromSource(request.source);
  const task = request.draw && system.task.redraw ? system.task.redraw(request.draw) : system.task;
  const key = JSON.stringify([request.source, request.draw, request.seed]);
  if (lastData?.key !== key) lastData = { key, data: task.makeDataset(request.seed) };
  const { data } = lastData;
  const k = kernels();
  const t = request.training;
  const runs = request.kinds.map((kind) => {
    const prepared = prepareTaskRun(task, k, { kind, seed: request.seed, dataset: data, steps: t.steps, batchSize: t.batchSize, lr: t.lr, hiddenDim: t.hiddenDim }) as PreparedStateRun;
    return new Run(kind, prepared.model, data, { prepared }, t.steps);
  });
  return { system, data, kernels: k, runs, viewModels: new ModelCopies(() => k) };
}

/** The fields and maps of the runs' models as they are now (computed on their copies). */
function liveViews(s: Setup, fieldGrid: GridRequest | null, surfaceGrid: GridRequest | null): ReturnType<typeof gridViews> {
  for (const kind of ['hnn', 'baseline'] as const) {
    const model = s.runs.find((r) => r.kind === kind)?.model;
    s.viewModels.load(kind, model ? { spec: model.spec, values: model.params().map((p) => p.value) } : null);
  }
  return gridViews(s.system, s.viewModels.models, fieldGrid, surfaceGrid);
}

/** Reports every run, whether training goes on, and how often the kernel threads paused themselves. */
function report(s: Setup): void {
  const transfer: ArrayBuffer[] = [];
  const runs: RunSnapshot[] = s.runs.map((r) => r.snapshot(transfer));
  post({ type: 'progress', running, runs, helperPauses: threadPoolStats().pauses }, transfer);
}

/** Lets queued messages (pause, export) in. */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** Trains the runs in turn, one step each, until paused or done, reporting every REPORT_MS. */
async function loop(s: Setup): Promise<void> {
  if (looping) return;
  looping = true;
  let lastReport = performance.now();
  let nextTest = lastReport;
  try {
    while (running && setup === s && s.runs.some((r) => !r.done)) {
      const start = performance.now();
      // Steps in turn until the slice is used up or a report is due.
      const until = Math.min(start + SLICE_MS, lastReport + REPORT_MS);
      do for (const r of s.runs) if (!r.done) r.trainStep();
      while (performance.now() < until && s.runs.some((r) => !r.done));
      const now = performance.now();
      if (now >= nextTest) {
        for (const r of s.runs) r.measureTest();
        const cost = performance.now() - now;
        nextTest = now + Math.min(TEST_MAX_MS, Math.max(REPORT_MS, cost / TEST_SHARE));
      }
      if (!s.runs.some((r) => !r.done)) running = false;
      if (performance.now() - lastReport >= REPORT_MS || !running) {
        report(s);
        lastReport = performance.now();
      }
      await yieldToEvents();
    }
  } catch (e) {
    running = false;
    post({ type: 'error', message: `training stopped: ${(e as Error).message}` });
    report(s);
  } finally {
    looping = false;
  }
}

/** The model file of a run, as the CLI writes it. */
function exportRun(s: Setup, kind: LabKind): string {
  const run = s.runs.find((r) => r.kind === kind);
  if (!run) throw new InputError(`there is no ${kind === 'hnn' ? 'HNN' : 'baseline'} to export: train or import one first`);
  return run.modelFile();
}

/** Replaces the run of the file's kind by the model it holds (explored, not trained further). */
function importFile(s: Setup, file: StateModelFile, name: string): void {
  if (file.spec.mlp.inputDim !== s.data.dim) throw new InputError(`${name}: the model reads states of dimension ${file.spec.mlp.inputDim}, but ${s.system.title} has ${s.data.dim}`);
  if (file.spec.kind === 'dhnn') throw new InputError(`${name}: a D-HNN; the lab trains and explores HNNs and baselines`);
  const model = modelFromFile(file, s.kernels);
  const steps = typeof file.training?.['steps'] === 'number' ? (file.training['steps'] as number) : 0;
  const run = new Run(file.spec.kind, model, s.data, { imported: file, name }, steps);
  s.runs.splice(0, s.runs.length, ...s.runs.filter((r) => r.kind !== run.kind), run);
  s.runs.sort((a, b) => (a.kind === 'hnn' ? -1 : b.kind === 'hnn' ? 1 : 0));
}

/** Handles one request. */
function handle(request: TrainerRequest): void {
  switch (request.type) {
    case 'init':
      // No initKernels: a worker may compile synchronously, and createKernels compiles only the build it needs.
      threads = request.threads;
      return;
    case 'setup': {
      const made = makeSetup(request);
      running = false;
      setup = made;
      post({ type: 'kernels', name: setup.kernels.name, threads: setup.kernels.threads, isolated: globalThis.crossOriginIsolated === true });
      const transfer: ArrayBuffer[] = [];
      const runs = setup.runs.map((r) => r.snapshot(transfer));
      const data = summarizeData(setup.system, setup.data);
      post({ type: 'ready', id: request.id, data, runs }, [...transfer, data.sample.buffer]);
      return;
    }
    case 'start':
      if (!setup) throw new Error('start before setup');
      running = true;
      void loop(setup);
      return;
    case 'pause':
      running = false;
      if (setup) report(setup);
      return;
    case 'export':
      if (!setup) throw new InputError('nothing to export yet');
      post({ type: 'exported', kind: request.kind, text: exportRun(setup, request.kind) });
      return;
    case 'views': {
      // Always answered (with nothing when there are no models, or it failed): the page waits for the answer before asking again.
      let views: ReturnType<typeof gridViews> = { field: null, surface: null };
      try {
        if (setup) views = liveViews(setup, request.field, request.surface);
      } finally {
        post({ type: 'views', ...views });
      }
      return;
    }
    case 'import':
      if (!setup) throw new Error('import before setup');
      running = false;
      importFile(setup, request.file, request.name);
      report(setup);
      return;
  }
}

/** Handles the page's requests, in order (training runs between them). */
export function trainerOnMessage(event: MessageEvent<TrainerRequest>): void {
  const request = event.data;
  try {
    handle(request);
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e), ...(request.type === 'setup' && { id: request.id }) });
  }
}
