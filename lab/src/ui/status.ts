// The status lines (data-testid train-status: "step N/M" with the latest train and test loss of the
// focus model; its data attributes hold the exact numbers, and how often the kernel threads paused)
// and the note on the kernels.
import { SERIES_LABEL } from '../palette.js';
import { focusRun, type LabState, type RunView } from '../state.js';
import { setText } from './dom.js';

/** A loss in six significant digits. */
const loss = (x: number | null): string => (x === null ? '—' : x.toPrecision(6));

/** One run's status line. */
function line(run: RunView): string {
  const s = run.snapshot;
  const from = s.importedFrom ? ` (imported from ${s.importedFrom})` : '';
  const speed = s.msPerStep !== null && !s.final ? ` · ${s.msPerStep.toFixed(1)} ms/step` : '';
  return `${SERIES_LABEL[s.kind]}${from} · step ${s.step}/${s.steps} · train loss ${loss(s.trainLoss)} · test loss ${loss(s.testLoss)}${speed}`;
}

/** Writes the focus run's line into `main` (with its numbers as data attributes), the other run's into `other`, and what is happening into `note`. */
export function renderStatus(state: LabState, main: HTMLElement, other: HTMLElement, note: HTMLElement): void {
  const run = focusRun(state);
  const rest = Object.values(state.runs).find((r) => r !== run);
  setText(main, run ? line(run) : state.phase === 'preparing' ? 'Preparing data…' : 'No model: press Start');
  const s = run?.snapshot;
  const data = main.dataset;
  data['phase'] = state.phase;
  data['kind'] = s?.kind ?? '';
  data['step'] = String(s?.step ?? 0);
  data['steps'] = String(s?.steps ?? 0);
  data['trainLoss'] = String(s?.trainLoss ?? '');
  data['testLoss'] = String(s?.testLoss ?? '');
  data['final'] = String(!!s?.final);
  data['msPerStep'] = String(s?.msPerStep ?? '');
  data['helperPauses'] = String(state.helperPauses);
  setText(other, rest ? line(rest) : '');
  setText(note, phaseNote(state));
}

/** A sentence on where training stands. */
function phaseNote(state: LabState): string {
  const k = state.kernels;
  const on = k ? ` on the ${k.name === 'wasm' ? 'WebAssembly' : 'TypeScript'} kernels, ${k.threads} thread${k.threads === 1 ? '' : 's'}` : '';
  switch (state.phase) {
    case 'preparing':
      return 'Making the data and the models…';
    case 'ready':
      return state.dirty ? 'Settings changed: Start trains new models with them.' : `Ready: Start trains${on}.`;
    case 'running':
      return `Training${on}.`;
    case 'paused':
      return state.dirty ? 'Paused. Settings changed: Start trains new models with them.' : 'Paused: Start resumes.';
    case 'done':
      return "Done: the losses are on the whole train and test splits, as `hnn evaluate` reports them. Start trains anew.";
  }
}

/** The header's note on threads (a warning where the page is not cross-origin isolated). */
export function renderThreadsNote(state: LabState, el: HTMLElement): void {
  const k = state.kernels;
  if (!k) return;
  el.classList.toggle('warn', !k.isolated);
  setText(
    el,
    k.isolated
      ? `WebAssembly kernels, ${k.threads} thread${k.threads === 1 ? '' : 's'}${k.threads === 1 && state.settings.threads === 1 ? ' (threads=1 asked for)' : ''}`
      : 'Single-threaded: this page is not cross-origin isolated (its server sends no COOP/COEP headers), so training runs on one thread.',
  );
}
