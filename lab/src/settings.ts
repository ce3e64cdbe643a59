// The lab's settings, their defaults for a system, and their form in a shareable URL.
import type { LabKind } from './workers/protocol.js';
import { INTEGRATORS, PAPER_DRAW, type Draw, type IntegratorName } from 'hnn';
import { BUILTIN_NAMES } from './systems/builtin.js';
import type { BuiltinName, LabSystem } from './systems/system.js';

/** Which system the menu shows. */
export type SystemChoice = BuiltinName | 'expression' | 'csv';

/** Which models train. */
export type ModelChoice = 'both' | LabKind;

/** The adjustable training settings (the rest are the system's defaults). */
export interface TrainSettings {
  readonly hidden: number;
  readonly steps: number;
  readonly lr: number;
  /** Rows per step; null = full batch. */
  readonly batch: number | null;
  readonly seed: number;
  /** Noisy trajectories drawn for the data; null for systems whose data are not drawn (two-body, a CSV file). */
  readonly trajectories: number | null;
  /** Standard deviation of the noise on the drawn states; null as `trajectories`. */
  readonly noise: number | null;
}

/** How rollouts are integrated and shown. */
export interface RolloutSettings {
  readonly integrator: IntegratorName;
  readonly tEnd: number;
  /** Step of the fixed-step integrators. */
  readonly dt: number;
  readonly reverse: boolean;
  /** Time to follow the HNN's ∇H first (0: none). */
  readonly addEnergy: number;
}

/** Everything a URL can hold. */
export interface LabSettings {
  readonly system: SystemChoice;
  readonly expression: string;
  readonly models: ModelChoice;
  /** The model the status line and the export are about. */
  readonly focus: LabKind;
  readonly train: TrainSettings;
  /** Kernel threads: the library's default, or one. */
  readonly threads: 'auto' | 1;
  readonly rollout: RolloutSettings;
  /** Whether fields, maps and rollouts follow the training (else they wait until it pauses or ends). */
  readonly live: boolean;
  readonly autostart: boolean;
}

/** The expression the lab suggests. */
export const DEFAULT_EXPRESSION = 'p^2/2 + q^4/4';

/** The settings of a fresh visit. */
export const DEFAULT_SETTINGS: LabSettings = {
  system: 'spring',
  expression: DEFAULT_EXPRESSION,
  models: 'both',
  focus: 'hnn',
  train: { hidden: 200, steps: 2000, lr: 1e-3, batch: null, seed: 0, trajectories: PAPER_DRAW.samples, noise: PAPER_DRAW.noiseStd },
  threads: 'auto',
  rollout: { integrator: 'dopri5', tEnd: 20, dt: 0.05, reverse: false, addEnergy: 0 },
  live: true,
  autostart: false,
};

/** The training settings a system starts with: its paper defaults, the seed kept. */
export function trainDefaults(system: LabSystem, seed: number): TrainSettings {
  const d = system.task.defaults;
  const draw = system.task.draw;
  return { hidden: d.hiddenDim, steps: d.steps, lr: d.lr, batch: d.batchSize, seed, trajectories: draw?.samples ?? null, noise: draw?.noiseStd ?? null };
}

/** The draw of the data the settings ask for, or null where the system's data are not drawn. */
export function drawOf(t: TrainSettings): Draw | null {
  return t.trajectories !== null && t.noise !== null ? { samples: t.trajectories, noiseStd: t.noise } : null;
}

/** Limits of the numeric settings: [least, most, whole numbers only]. */
export const LIMITS = {
  hidden: [1, 1024, true],
  steps: [1, 100000, true],
  lr: [1e-6, 1, false],
  batch: [1, 1e6, true],
  seed: [0, 2 ** 31 - 1, true],
  trajectories: [1, 10000, true],
  noise: [0, 10, false],
  tEnd: [0.1, 200, false],
  dt: [1e-4, 1, false],
  addEnergy: [0, 20, false],
} as const satisfies Record<string, readonly [number, number, boolean]>;

/** A number within its limits, or an error message naming the setting. */
export function checkedNumber(name: keyof typeof LIMITS, label: string, text: string): number | string {
  const [lo, hi, whole] = LIMITS[name];
  const x = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(x)) return `${label}: "${text}" is not a number`;
  if (whole && !Number.isInteger(x)) return `${label}: ${text} is not a whole number`;
  if (x < lo || x > hi) return `${label}: ${text} is outside ${lo}–${hi}`;
  return x;
}

/** Settings from a URL's query (unknown or invalid values are reported and left at their defaults). */
export function settingsFromQuery(query: string, defaultsFor: (system: SystemChoice) => TrainSettings): { settings: LabSettings; problems: string[] } {
  const q = new URLSearchParams(query);
  const problems: string[] = [];
  const pick = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = q.get(key);
    if (v === null) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    problems.push(`URL: ${key}=${v} is not one of ${allowed.join(', ')}`);
    return fallback;
  };
  const num = (key: keyof typeof LIMITS, fallback: number): number => {
    const v = q.get(key === 'tEnd' ? 'tend' : key === 'addEnergy' ? 'energy' : key);
    if (v === null) return fallback;
    const x = checkedNumber(key, `URL ${key}`, v);
    if (typeof x === 'string') problems.push(x);
    return typeof x === 'number' ? x : fallback;
  };
  const system = pick<SystemChoice>('system', [...BUILTIN_NAMES, 'expression', 'csv'], DEFAULT_SETTINGS.system);
  /** A setting of the drawn data: null where the system draws none (a value in the URL is then reported). */
  const drawn = (key: 'trajectories' | 'noise', fallback: number | null): number | null => {
    if (fallback !== null) return num(key, fallback);
    if (q.get(key) !== null) problems.push(`URL: ${key} applies to systems whose data are drawn trajectories, not to ${system}`);
    return null;
  };
  const seed = num('seed', 0);
  const base = { ...defaultsFor(system), seed };
  const models = pick<ModelChoice>('model', ['both', 'hnn', 'baseline'], 'both');
  const train: TrainSettings = {
    hidden: num('hidden', base.hidden),
    steps: num('steps', base.steps),
    lr: num('lr', base.lr),
    batch: batchFrom(q.get('batch'), base.batch, problems),
    seed,
    trajectories: drawn('trajectories', base.trajectories),
    noise: drawn('noise', base.noise),
  };
  const d = DEFAULT_SETTINGS.rollout;
  const settings: LabSettings = {
    system,
    expression: q.get('expr') ?? DEFAULT_EXPRESSION,
    models,
    focus: models === 'baseline' ? 'baseline' : pick<LabKind>('focus', ['hnn', 'baseline'], 'hnn'),
    train,
    threads: pick('threads', ['auto', '1'], 'auto') === '1' ? 1 : 'auto',
    rollout: {
      integrator: pick<IntegratorName>('integrator', INTEGRATORS, d.integrator),
      tEnd: num('tEnd', d.tEnd),
      dt: num('dt', d.dt),
      reverse: q.get('reverse') === '1',
      addEnergy: num('addEnergy', d.addEnergy),
    },
    live: q.get('live') !== '0',
    autostart: q.get('autostart') === '1',
  };
  return { settings, problems };
}

/** The batch size a URL gives ("full" or a number), or the fallback (with a problem noted when invalid). */
function batchFrom(text: string | null, fallback: number | null, problems: string[]): number | null {
  if (text === null) return fallback;
  if (text === 'full') return null;
  const x = checkedNumber('batch', 'URL batch', text);
  if (typeof x === 'number') return x;
  problems.push(x);
  return fallback;
}

/** The query that reproduces the settings (autostart left out unless asked for). */
export function queryOf(s: LabSettings, autostart = false): string {
  const q = new URLSearchParams();
  q.set('system', s.system);
  if (s.system === 'expression') q.set('expr', s.expression);
  q.set('model', s.models);
  if (s.models === 'both' && s.focus !== 'hnn') q.set('focus', s.focus);
  const t = s.train;
  q.set('steps', String(t.steps));
  q.set('seed', String(t.seed));
  q.set('hidden', String(t.hidden));
  q.set('lr', String(t.lr));
  q.set('batch', t.batch === null ? 'full' : String(t.batch));
  if (t.trajectories !== null) q.set('trajectories', String(t.trajectories));
  if (t.noise !== null) q.set('noise', String(t.noise));
  if (s.threads === 1) q.set('threads', '1');
  const r = s.rollout;
  const d = DEFAULT_SETTINGS.rollout;
  if (r.integrator !== d.integrator) q.set('integrator', r.integrator);
  if (r.tEnd !== d.tEnd) q.set('tend', String(r.tEnd));
  if (r.dt !== d.dt) q.set('dt', String(r.dt));
  if (r.reverse) q.set('reverse', '1');
  if (r.addEnergy !== d.addEnergy) q.set('energy', String(r.addEnergy));
  if (!s.live) q.set('live', '0');
  if (autostart) q.set('autostart', '1');
  return q.toString();
}
