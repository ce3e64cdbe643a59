// The controller: owns the page's state and the two workers, turns user actions into requests, and
// worker replies into state; views and controls re-read the state after every change.
import type { LabKind } from './workers/protocol.js';
import { InputError, isPixelModelFile, parseModelFileText, taskFromRecipe, type Draw } from 'hnn';
import type { StateModelFile } from 'hnn';
import { ExplorerClient } from './explorer-client.js';
import { drawOf, queryOf, trainDefaults, type LabSettings, type RolloutSettings, type TrainSettings } from './settings.js';
import { focusRun, type LabState, type RunView } from './state.js';
import { BUILTIN_SYSTEMS } from './systems/builtin.js';
import { systemFromSource } from './systems/sources.js';
import type { LabSystem, SystemSource } from './systems/system.js';
import type { RunSnapshot, TrainerReply, TrainerRequest, WorkerRole } from './workers/protocol.js';

/** A setup sent to the trainer and not yet answered. */
interface PendingSetup {
  readonly id: number;
  readonly system: LabSystem;
  /** The settings the trainer makes the runs with; the page's (`state.settings`) may change meanwhile. */
  readonly settings: LabSettings;
  /** The page's settings before this setup, put back when it fails. */
  readonly previous: LabSettings;
  readonly thenStart: boolean;
  /** A model file to import once the data are ready. */
  readonly importing: { file: StateModelFile; name: string } | null;
}

/** The page's controller. */
export class Lab {
  readonly state: LabState;
  private readonly trainer: Worker;
  private readonly explorer: ExplorerClient;
  private readonly listeners: (() => void)[] = [];
  private pending: PendingSetup | null = null;
  private nextSetup = 0;
  /** What the current models were made with (training starts anew when the settings differ). */
  private madeWith = '';

  /** A lab with these settings on `system`; `showError` reports problems inline. */
  constructor(
    settings: LabSettings,
    system: LabSystem,
    private readonly showError: (message: string | null) => void,
  ) {
    this.state = { settings, system, data: null, kernels: null, helperPauses: 0, runs: {}, phase: 'preparing', dirty: false, start: [...system.start], field: null, surface: null, rollout: null };
    this.trainer = startWorker('trainer');
    this.trainer.onmessage = (event: MessageEvent<TrainerReply>) => this.onTrainer(event.data);
    this.trainer.onerror = (event) => this.showError(`the training worker failed: ${event.message}`);
    this.explorer = new ExplorerClient(startWorker('explorer'), () => this.state, (reply) => {
      if (reply.type === 'error') this.showError(`exploring: ${reply.message}`);
      else {
        if (reply.field) this.state.field = reply.field;
        if (reply.surface) this.state.surface = reply.surface;
        if (reply.rollout) this.state.rollout = reply.rollout;
        this.changed();
      }
    }, (field, surface) => this.send({ type: 'views', field, surface }));
    this.send({ type: 'init', threads: settings.threads });
    this.explorer.setSystem(system.source);
    this.setup(system, settings, settings.autostart);
  }

  /** Calls `listener` after every change of the state. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Starts training (a new run when none is ready or the settings changed), or resumes it. */
  start(): void {
    const { phase, dirty } = this.state;
    if (phase === 'running') return;
    if (phase === 'preparing') {
      if (this.pending) this.pending = { ...this.pending, thenStart: true };
      return;
    }
    const untrainable = Object.values(this.state.runs).every((r) => r.snapshot.importedFrom !== null);
    if (dirty || phase === 'done' || untrainable) this.setup(this.state.system, this.state.settings, true);
    else this.resume();
  }

  /** Pauses training. */
  pause(): void {
    if (this.state.phase === 'running') this.send({ type: 'pause' });
  }

  /** Fresh models with the current settings, not trained yet. */
  reset(): void {
    this.setup(this.state.system, this.state.settings, false);
  }

  /**
   * Switches to the system of `source` with its training defaults and rollout duration (`change`
   * names the menu entry). A source that cannot be made is reported inline; the current system stays.
   */
  useSystem(source: SystemSource, change: Partial<LabSettings>): void {
    let system: LabSystem;
    try {
      system = systemFromSource(source);
    } catch (e) {
      this.showError((e as Error).message);
      this.changed();
      return;
    }
    const s = this.state.settings;
    this.setup(system, { ...s, ...change, train: trainDefaults(system, s.train.seed), rollout: { ...s.rollout, tEnd: system.tEnd } }, false);
  }

  /** New settings; training settings apply to the next run, rollout settings at once. */
  setSettings(settings: LabSettings): void {
    const before = this.state.settings;
    this.state.settings = settings;
    this.state.dirty = this.state.phase !== 'preparing' && this.madeWith !== trainingKey(this.state.system, settings);
    if (rolloutChanged(before.rollout, settings.rollout)) this.explorer.want({ rollout: true });
    this.changed();
  }

  /** Starts the rollouts at `x`. */
  setStart(x: number[]): void {
    this.state.start = x;
    this.explorer.want({ rollout: true, ...(this.state.system.dim > 2 && { field: true, surface: true }) });
    this.changed();
  }

  /** Asks the trainer for the focus model's file. */
  exportModel(): void {
    this.send({ type: 'export', kind: focusRun(this.state)?.snapshot.kind ?? this.state.settings.focus });
  }

  /** Imports a model file's text: checked here (the message names the problem; nothing else changes), explored on its task's data. */
  importModel(text: string, name: string): void {
    let file: StateModelFile & { spec: { kind: LabKind } };
    let system: LabSystem;
    let draw: Draw | null;
    try {
      const parsed = parseModelFileText(text, name);
      if (isPixelModelFile(parsed)) throw new InputError(`${name}: a pixel model (task 5); the lab explores models of states (spring, pendulum, two-body, your own system)`);
      if (parsed.spec.kind === 'dhnn') throw new InputError(`${name}: a D-HNN; the lab trains and explores HNNs and baselines`);
      file = parsed as typeof file;
      system = this.systemForModel(file, name);
      draw = recordedDraw(file, system, name);
    } catch (e) {
      this.showError((e as Error).message);
      return;
    }
    const seed = typeof file.training?.['seed'] === 'number' ? (file.training['seed'] as number) : 0;
    const train: TrainSettings = { ...this.state.settings.train, hidden: file.spec.mlp.hiddenDim, seed, trajectories: draw?.samples ?? null, noise: draw?.noiseStd ?? null };
    const expression = system.source.kind === 'recipe' ? { expression: system.title.replace(/^H = /, '') } : {};
    const settings: LabSettings = { ...this.state.settings, ...expression, system: systemChoice(system), train, focus: file.spec.kind };
    const before = this.state.settings.train;
    const sameData = system.source === this.state.system.source && seed === before.seed && JSON.stringify(draw) === JSON.stringify(drawOf(before)) && this.state.phase !== 'preparing';
    if (sameData) {
      this.state.settings = settings;
      this.send({ type: 'import', file, name });
    } else this.setup(system, settings, false, { file, name }, []);
  }

  /** The link that reproduces the current settings. */
  shareQuery(autostart: boolean): string {
    return queryOf(this.state.settings, autostart);
  }

  /** Tells the listeners that the state changed. */
  private changed(): void {
    for (const l of this.listeners) l();
  }

  /**
   * The system a model file belongs to: a built-in task by name, the task its recipe makes again (a
   * CSV task only when its file is the one on the page), else the current system when the dimensions
   * agree; an InputError saying what is missing otherwise.
   */
  private systemForModel(file: StateModelFile, name: string): LabSystem {
    if (file.task !== null && file.task in BUILTIN_SYSTEMS) return BUILTIN_SYSTEMS[file.task as keyof typeof BUILTIN_SYSTEMS];
    const current = this.state.system;
    const recipe = file.training?.['task'] as { kind?: unknown; sha256?: unknown; file?: unknown } | undefined;
    if (recipe?.kind === 'csv') {
      if (current.task.recipe?.['sha256'] === recipe.sha256) return current;
      throw new InputError(`${name} was trained on the data of ${String(recipe.file)}: drop that CSV file on the page first, then import the model again`);
    }
    if (recipe) return systemFromSource({ kind: 'recipe', recipe, label: name });
    if (file.spec.mlp.inputDim === current.dim && (file.task === null || file.task === current.task.name)) return current;
    throw new InputError(`${name}: a model of task "${file.task ?? 'none'}" with states of dimension ${file.spec.mlp.inputDim}; the lab has no such system (the current one, ${current.title}, has dimension ${current.dim})`);
  }

  /** Continues the current run. */
  private resume(): void {
    this.send({ type: 'start' });
    this.state.phase = 'running';
    this.changed();
  }

  /** Makes data and models for `system` with `settings` in the trainer; the page switches when they are ready. */
  private setup(system: LabSystem, settings: LabSettings, thenStart: boolean, importing: PendingSetup['importing'] = null, kinds = kindsOf(settings)): void {
    const id = ++this.nextSetup;
    this.pending = { id, system, settings, previous: this.pending?.previous ?? this.state.settings, thenStart, importing };
    // The controls show (and edit) the new settings at once; edits made while preparing are kept.
    this.state.settings = settings;
    const t = settings.train;
    this.send({ type: 'setup', id, source: system.source, draw: drawOf(t), training: { hiddenDim: t.hidden, steps: t.steps, lr: t.lr, batchSize: t.batch }, seed: t.seed, kinds });
    this.state.phase = 'preparing';
    this.changed();
  }

  /** Handles a reply of the trainer. */
  private onTrainer(reply: TrainerReply): void {
    const { state } = this;
    switch (reply.type) {
      case 'kernels':
        state.kernels = { name: reply.name, threads: reply.threads, isolated: reply.isolated };
        break;
      case 'ready': {
        const pending = this.pending;
        if (!pending || pending.id !== reply.id) return;
        this.pending = null;
        if (pending.system.source !== state.system.source) {
          state.start = [...pending.system.start];
          this.explorer.setSystem(pending.system.source);
          state.field = state.surface = state.rollout = null;
        }
        state.system = pending.system;
        state.data = reply.data;
        state.runs = {};
        this.merge(reply.runs);
        this.madeWith = trainingKey(pending.system, pending.settings);
        state.dirty = this.madeWith !== trainingKey(pending.system, state.settings);
        state.phase = 'ready';
        this.showError(null);
        this.explorer.weightsChanged(false);
        if (pending.importing) this.send({ type: 'import', ...pending.importing });
        if (pending.thenStart) this.start();
        break;
      }
      case 'progress':
        this.merge(reply.runs);
        state.helperPauses = reply.helperPauses;
        if (!this.pending) state.phase = reply.running ? 'running' : phaseAfter(state.runs);
        if (!reply.running || state.settings.live) this.explorer.weightsChanged(reply.running);
        break;
      case 'exported':
        download(reply.text, `${state.system.task.name}-${reply.kind}.json`);
        return;
      case 'views':
        this.explorer.trainerReplied(reply.field, reply.surface);
        return;
      case 'error':
        this.showError(reply.message);
        if (this.pending && reply.id === this.pending.id) {
          state.settings = this.pending.previous;
          this.pending = null;
          state.phase = phaseAfter(state.runs);
        }
        break;
    }
    this.changed();
  }

  /** Takes the runs' snapshots in (their curves appended to what the page has). */
  private merge(snapshots: readonly RunSnapshot[]): void {
    const runs: LabState['runs'] = {};
    for (const s of snapshots) {
      const old: RunView | undefined = this.state.runs[s.kind];
      const fresh = !old || old.snapshot.importedFrom !== s.importedFrom || s.step < old.snapshot.step;
      const view: RunView = fresh ? { snapshot: s, train: [], test: [] } : { ...old, snapshot: s };
      view.train.push(...s.trainCurve);
      view.test.push(...s.testCurve);
      runs[s.kind] = view;
    }
    this.state.runs = runs;
  }

  private send(request: TrainerRequest): void {
    this.trainer.postMessage(request);
  }
}

/** Starts the lab's worker in a role. */
function startWorker(role: WorkerRole): Worker {
  const worker = new Worker(new URL('./workers/worker.ts', import.meta.url), { type: 'module' });
  worker.postMessage({ role });
  return worker;
}

/** The models the settings train. */
function kindsOf(settings: LabSettings): LabKind[] {
  return settings.models === 'both' ? ['hnn', 'baseline'] : [settings.models];
}

/**
 * How the data of a model file were drawn: as its recipe records for a built-in system drawn otherwise
 * (such a recipe names no file to read), else as its system draws them (null: not drawn).
 */
function recordedDraw(file: StateModelFile, system: LabSystem, name: string): Draw | null {
  const recipe = file.training?.['task'] as { kind?: unknown } | undefined;
  const task = recipe?.kind === 'drawn' ? taskFromRecipe(recipe, name, () => '') : system.task;
  return task.draw ?? null;
}

/** What makes two runs the same: the system and the training settings. */
function trainingKey(system: LabSystem, settings: LabSettings): string {
  return JSON.stringify([system.source, settings.train, settings.models]);
}

/** Whether a change of the rollout settings needs new rollouts. */
function rolloutChanged(a: RolloutSettings, b: RolloutSettings): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

/** The phase of runs that are not training: done when all are, paused when some steps were taken, else ready. */
function phaseAfter(runs: LabState['runs']): LabState['phase'] {
  const all = Object.values(runs);
  if (all.length > 0 && all.every((r) => r.snapshot.final)) return 'done';
  return all.some((r) => r.snapshot.step > 0) ? 'paused' : 'ready';
}

/** The menu entry of a system. */
function systemChoice(system: LabSystem): LabSettings['system'] {
  const { source } = system;
  return source.kind === 'task' ? source.name : source.kind === 'recipe' ? 'expression' : source.kind;
}

/** Offers `text` as a file download named `name`. */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
