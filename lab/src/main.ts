// The lab's entry point: settings from the URL, the controller, the views and the controls, and
// one animation loop that redraws what changed and moves the rollouts.
import './style.css';
import { Lab } from './lab.js';
import { DEFAULT_SETTINGS, settingsFromQuery, trainDefaults, type LabSettings } from './settings.js';
import type { LabState } from './state.js';
import { BUILTIN_SYSTEMS } from './systems/builtin.js';
import { systemFromSource } from './systems/sources.js';
import type { BuiltinName, LabSystem } from './systems/system.js';
import { Controls } from './ui/controls.js';
import { ErrorBanner } from './ui/error-banner.js';
import { FrameScheduler } from './ui/frames.js';
import { acceptDrops, roleOf } from './ui/files.js';
import { renderStatus, renderThreadsNote } from './ui/status.js';
import { rolloutClock } from './views/clock.js';
import { EnergyView } from './views/energy-view.js';
import { HamiltonianView } from './views/hamiltonian-view.js';
import { LossView } from './views/loss-view.js';
import { PhaseView } from './views/phase-view.js';
import { ReversalView } from './views/reversal-view.js';
import { SceneView } from './views/scene-view.js';
import type { View } from './views/view.js';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** The settings and system of the URL (problems reported; a system that cannot be made falls back to the spring). */
function initialSettings(problems: string[]): { settings: LabSettings; system: LabSystem } {
  const parsed = settingsFromQuery(location.search, (choice) => (choice in BUILTIN_SYSTEMS ? trainDefaults(BUILTIN_SYSTEMS[choice as BuiltinName], 0) : DEFAULT_SETTINGS.train));
  problems.push(...parsed.problems);
  let { settings } = parsed;
  if (settings.system === 'csv') {
    problems.push('A system from a CSV file cannot come from a link: drop the file on the page');
    settings = { ...settings, system: 'spring' };
  }
  if (settings.system === 'expression') {
    try {
      return { settings, system: systemFromSource({ kind: 'expression', text: settings.expression }) };
    } catch (e) {
      problems.push((e as Error).message);
      settings = { ...settings, system: 'spring' };
    }
  }
  return { settings, system: BUILTIN_SYSTEMS[settings.system as BuiltinName] };
}

const problems: string[] = [];
const { settings, system } = initialSettings(problems);
const errors = new ErrorBanner(byId('error'), byId('error-text'), byId('error-close'));
const lab = new Lab(settings, system, (message) => errors.show(message));
const phase = new PhaseView(
  byId('phase-plot'),
  byId('phase-legend'),
  { truth: byId('show-truth'), baseline: byId('show-baseline'), hnn: byId('show-hnn') },
  { title: byId('phase-title'), note: byId('phase-note') },
  (x) => (typeof x === 'string' ? errors.show(x) : lab.setStart(x)),
);
const views: View[] = [
  new LossView(byId('loss-canvas'), byId('loss-legend')),
  phase,
  new EnergyView(document.querySelector('[data-testid=energy-plot]')!, byId('energy-legend'), byId('energy-summary')),
  new HamiltonianView(byId('h-true-canvas'), byId('h-learned-canvas'), byId('hamiltonian-note')),
  new SceneView(byId('scene-canvas')),
  new ReversalView(byId('reversal-body'), byId('reversal-hint')),
];
const controls = new Controls(lab, (message) => errors.show(message));
acceptDrops(byId('drop-overlay'), (file) => {
  try {
    void (roleOf(file) === 'csv' ? controls.useCsv(file) : controls.importFile(file));
  } catch (e) {
    errors.show((e as Error).message);
  }
});
if (problems.length) errors.show(problems.join('; '));

/**
 * Frame spacing (ms): moving parts at 30 frames a second; while training fills every core (the page's
 * drawing then comes out of training) one frame for each new field and map (explorer-client.ts), about
 * 12 a second.
 */
const MOVE_MS = 1000 / 30;
const BUSY_MS = 85;

let stale = true;
/** The wall time the held rollouts show, while they hold still. */
let heldAt: number | null = null;

/** Whether the rollouts move: they hold still while training with the views waiting (training then has the cores to itself). */
function moving(state: LabState): boolean {
  return state.rollout !== null && (state.phase !== 'running' || state.settings.live);
}

/** Whether training's threads and the page's own together need more cores than there are. */
function trainingFillsCores(state: LabState): boolean {
  return state.phase === 'running' && (state.kernels?.threads ?? 1) + 1 > navigator.hardwareConcurrency;
}

const frames = new FrameScheduler(animate, () => (trainingFillsCores(lab.state) ? BUSY_MS : moving(lab.state) ? MOVE_MS : 0));

/** Redraws what changed, then the moving parts; marks the first frame that shows the system's data. */
function animate(now: number): void {
  const state: LabState = lab.state;
  const redraw = stale;
  if (stale) {
    stale = false;
    for (const v of views) v.update(state);
    controls.render(state);
    renderStatus(state, byId('status'), byId('status-other'), byId('status-note'));
    renderThreadsNote(state, byId('threads-note'));
    if (state.data && performance.getEntriesByName('lab-first-frame').length === 0) performance.mark('lab-first-frame');
  }
  const move = moving(state);
  heldAt = move ? null : (heldAt ?? now);
  if (move || redraw) {
    const clock = state.rollout ? rolloutClock(state.rollout, heldAt ?? now) : null;
    for (const v of views) v.frame(state, clock);
  }
  if (move) frames.request();
}

/** Redraws in a coming frame (`urgent`: at the next refresh, for user input). */
function redraw(urgent = false): void {
  stale = true;
  frames.request(urgent);
}

lab.onChange(() => redraw());
new ResizeObserver(() => redraw(true)).observe(byId('controls').parentElement!);
// User input is answered at the next refresh (the phase plane's keyboard cursor included).
for (const type of ['click', 'keydown', 'input', 'change', 'focusout']) document.addEventListener(type, () => redraw(true));
frames.request();
