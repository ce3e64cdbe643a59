// The control panel: every input reads from and writes to the lab's settings; invalid values are
// reported inline and put back.
import type { LabKind } from '../workers/protocol.js';
import type { IntegratorName } from 'hnn';
import type { Lab } from '../lab.js';
import { checkedNumber, type LabSettings, type LIMITS, type ModelChoice, type SystemChoice } from '../settings.js';
import type { LabState } from '../state.js';
import { BUILTIN_SYSTEMS } from '../systems/builtin.js';
import { planePoints, stateAt } from '../systems/plane.js';
import type { BuiltinName } from '../systems/system.js';
import { setText } from './dom.js';
import { readText } from './files.js';

/** The element with that id (the page's HTML defines them all). */
const $ = <T extends HTMLElement = HTMLInputElement>(id: string): T => document.getElementById(id) as T;

/** Numeric inputs of the training settings, by setting. */
const TRAIN_INPUTS = { hidden: 'Hidden width', steps: 'Steps', lr: 'Learning rate', seed: 'Seed', trajectories: 'Trajectories', noise: 'Noise σ' } as const;

/** The control panel. */
export class Controls {
  private shownSystem: unknown = null;

  /** Binds the page's controls to `lab`; problems go to `showError`. */
  constructor(
    private readonly lab: Lab,
    private readonly showError: (message: string | null) => void,
  ) {
    $('system').addEventListener('change', () => this.chooseSystem($<HTMLSelectElement>('system').value as SystemChoice));
    $('use-expression').addEventListener('click', () => this.useExpression());
    $('expression').addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.useExpression();
      }
    });
    $('csv-file').addEventListener('change', () => {
      const file = $('csv-file').files?.[0];
      if (file) void this.useCsv(file);
    });
    for (const [key, label] of Object.entries(TRAIN_INPUTS)) $(key).addEventListener('change', () => this.trainNumber(key as keyof typeof TRAIN_INPUTS, label));
    $('batch').addEventListener('change', () => this.batch());
    $('models').addEventListener('change', () => {
      const models = $<HTMLSelectElement>('models').value as ModelChoice;
      this.update({ models, focus: models === 'both' ? this.settings.focus : models });
    });
    for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="focus"]')) radio.addEventListener('change', () => this.update({ focus: radio.value as LabKind }));
    $('start').addEventListener('click', () => lab.start());
    $('pause').addEventListener('click', () => lab.pause());
    $('reset').addEventListener('click', () => lab.reset());
    $('integrator').addEventListener('change', () => this.rollout({ integrator: $<HTMLSelectElement>('integrator').value as IntegratorName }));
    this.rolloutNumber('t-end', 'tEnd', 'Duration');
    this.rolloutNumber('dt', 'dt', 'Step');
    this.rolloutNumber('add-energy', 'addEnergy', 'Add energy');
    $('reverse').addEventListener('change', () => this.rollout({ reverse: $('reverse').checked }));
    $('live').addEventListener('change', () => this.update({ live: $('live').checked }));
    $('start-u').addEventListener('change', () => this.typedStart());
    $('start-v').addEventListener('change', () => this.typedStart());
    $('export-model').addEventListener('click', () => lab.exportModel());
    $('import-model').addEventListener('change', () => {
      const input = $('import-model');
      const file = input.files?.[0];
      if (file) void this.importFile(file).finally(() => (input.value = ''));
    });
    $('copy-link').addEventListener('click', () => void this.copyLink());
    $('share-autostart').addEventListener('change', () => this.render(lab.state));
  }

  /** Shows the state in the controls (leaving alone the input being typed in). */
  render(state: LabState): void {
    const s = state.settings;
    if (this.shownSystem !== state.system.source) {
      this.shownSystem = state.system.source;
      $<HTMLSelectElement>('system').value = s.system;
    }
    const choice = $<HTMLSelectElement>('system').value;
    $('expression-row').hidden = choice !== 'expression';
    $('csv-row').hidden = choice !== 'csv';
    this.setValue('expression', s.expression);
    this.setValue('hidden', String(s.train.hidden));
    this.setValue('steps', String(s.train.steps));
    this.setValue('lr', String(s.train.lr));
    this.setValue('batch', s.train.batch === null ? '' : String(s.train.batch));
    this.setValue('seed', String(s.train.seed));
    // The draw of the data: shown for the systems whose data are drawn trajectories.
    $('draw-hint').hidden = s.train.trajectories === null;
    for (const key of ['trajectories', 'noise'] as const) {
      const value = s.train[key];
      this.setValue(key, value === null ? '' : String(value));
      $(`${key}-field`).hidden = value === null;
    }
    $<HTMLSelectElement>('models').value = s.models;
    for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="focus"]')) {
      radio.checked = radio.value === s.focus;
      radio.disabled = !state.runs[radio.value as LabKind];
    }
    $<HTMLSelectElement>('integrator').value = s.rollout.integrator;
    this.setValue('t-end', String(s.rollout.tEnd));
    this.setValue('dt', String(s.rollout.dt));
    this.setValue('add-energy', String(s.rollout.addEnergy));
    $('reverse').checked = s.rollout.reverse;
    $('live').checked = s.live;
    const [u, v] = planePoints(state.system, state.start)[0]!;
    this.setValue('start-u', String(Number(u.toPrecision(6))));
    this.setValue('start-v', String(Number(v.toPrecision(6))));
    const n = state.system.dim / 2;
    setText($('start-u-label'), state.system.plane === 'orbit' ? 'Start x of body 1' : `Start ${state.system.coordinates[0]}`);
    setText($('start-v-label'), state.system.plane === 'orbit' ? 'Start y of body 1' : `Start ${state.system.coordinates[n]}`);
    const { phase, dirty } = state;
    const start = $<HTMLButtonElement>('start');
    setText(start, phase === 'paused' && !dirty ? 'Resume' : phase === 'done' || (phase === 'paused' && dirty) ? 'Restart' : 'Start');
    start.disabled = phase === 'running';
    $<HTMLButtonElement>('pause').disabled = phase !== 'running';
    $<HTMLButtonElement>('export-model').disabled = Object.keys(state.runs).length === 0;
    const fromFile = s.system === 'csv';
    const query = this.lab.shareQuery($('share-autostart').checked);
    this.setValue('share-url', fromFile ? 'Data from a file cannot travel in a link' : `${location.origin}${location.pathname}?${query}`);
    $<HTMLButtonElement>('copy-link').disabled = fromFile;
    const own = `?${this.lab.shareQuery(false)}`;
    if (location.search !== own && !fromFile) history.replaceState(null, '', own);
  }

  private get settings(): LabSettings {
    return this.lab.state.settings;
  }

  /** Sets an input's value unless the user is typing in it. */
  private setValue(id: string, value: string): void {
    const input = $(id);
    if (document.activeElement !== input && input.value !== value) input.value = value;
  }

  /** Applies a change of the settings. */
  private update(change: Partial<LabSettings>): void {
    this.lab.setSettings({ ...this.settings, ...change });
  }

  /** Applies a change of the rollout settings. */
  private rollout(change: Partial<LabSettings['rollout']>): void {
    this.update({ rollout: { ...this.settings.rollout, ...change } });
  }

  /** The system menu: a built-in system switches at once; the others wait for their formula (Enter, Use) or file. */
  private chooseSystem(choice: SystemChoice): void {
    this.showError(null);
    if (choice === 'expression' || choice === 'csv') {
      this.render(this.lab.state);
      $(choice === 'expression' ? 'expression' : 'csv-file').focus();
    } else this.lab.useSystem(BUILTIN_SYSTEMS[choice as BuiltinName].source, { system: choice });
  }

  /** Uses the formula typed in. */
  private useExpression(): void {
    const text = $('expression').value.trim();
    this.lab.useSystem({ kind: 'expression', text }, { system: 'expression', expression: text });
  }

  /** Uses a CSV file of trajectories. */
  async useCsv(file: File): Promise<void> {
    try {
      const text = await readText(file);
      this.lab.useSystem({ kind: 'csv', name: file.name, text }, { system: 'csv' });
    } catch (e) {
      this.showError((e as Error).message);
    }
  }

  /** Imports a model file. */
  async importFile(file: File): Promise<void> {
    try {
      this.lab.importModel(await readText(file), file.name);
    } catch (e) {
      this.showError((e as Error).message);
    }
  }

  /** A numeric training setting typed in: applied when valid, else reported and put back. */
  private trainNumber(key: keyof typeof TRAIN_INPUTS, label: string): void {
    const x = checkedNumber(key, label, $(key).value);
    if (typeof x === 'string') {
      this.showError(x);
      $(key).value = String(this.settings.train[key] ?? '');
      return;
    }
    this.update({ train: { ...this.settings.train, [key]: x } });
  }

  /** The batch size: empty for the full batch. */
  private batch(): void {
    const text = $('batch').value.trim();
    const x = text === '' ? null : checkedNumber('batch', 'Batch size', text);
    if (typeof x === 'string') {
      this.showError(x);
      $('batch').value = this.settings.train.batch === null ? '' : String(this.settings.train.batch);
      return;
    }
    this.update({ train: { ...this.settings.train, batch: x } });
  }

  /** Binds a numeric rollout setting to its input. */
  private rolloutNumber(id: string, key: keyof typeof LIMITS & keyof LabSettings['rollout'], label: string): void {
    $(id).addEventListener('change', () => {
      const x = checkedNumber(key, label, $(id).value);
      if (typeof x === 'string') {
        this.showError(x);
        $(id).value = String(this.settings.rollout[key]);
      } else this.rollout({ [key]: x });
    });
  }

  /** The start typed into the two start inputs. */
  private typedStart(): void {
    const u = Number($('start-u').value);
    const v = Number($('start-v').value);
    const state = this.lab.state;
    const x = Number.isFinite(u) && Number.isFinite(v) ? stateAt(state.system, u, v, state.start) : null;
    if (!x) {
      this.showError(`Start (${$('start-u').value}, ${$('start-v').value}): not a start the ${state.system.title.toLowerCase()} can run from`);
      return;
    }
    this.lab.setStart(x);
  }

  /** Copies the share link. */
  private async copyLink(): Promise<void> {
    const input = $('share-url');
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      // No clipboard access (an insecure origin): select the link for the user to copy.
      input.select();
    }
  }
}
