import { Command, Option } from 'commander';
import { simulateModel, type Simulation } from '../../eval/simulate.js';
import { INTEGRATORS, type IntegratorName } from '../../integrate/integrate.js';
import { modelFromFile, modelKindOf } from '../../io/model-file.js';
import { loadModelFile } from '../../node/model-files.js';
import { loadTaskModuleOf } from '../../node/task-module.js';
import { familyOf, type ModelDataFlags } from '../family.js';
import { ADD_ENERGY, DT, MAX_STEPS_FLAG, POINTS, RTOL, T_END, UsageError, numberList, oneOf } from '../options.js';
import { DEFAULT_MAX_STEPS } from '../../core/limits.js';
import { backendOption, kernelsFor, pendulumStateOption, threadsOption, type KernelFlags } from './shared-options.js';

interface SimulateFlags extends KernelFlags, ModelDataFlags {
  tEnd: number;
  points: number;
  integrator: IntegratorName;
  rtol: number;
  dt: number;
  format: 'csv' | 'json';
  reverse?: boolean;
  addEnergy?: number;
  maxSteps: number;
}

/** `hnn simulate`: integrates a saved model from a start and prints the path with its energies. */
export function simulateCommand(): Command {
  return new Command('simulate')
    .description(
      "integrate a saved model from a start state and print the path (t, state, the task's true energy, the learned H of an HNN); a pixel model's latent dynamics run in its latent space (z_q, z_p), t in frames",
    )
    .argument('<model>', 'model file written by `hnn train`, `hnn reproduce` or `hnn import-torch`')
    .option('--x0 <list>', 'start state as comma-separated numbers (q₁..qₙ, p₁..pₙ; a pixel model: latent z_q,z_p)', numberList)
    .addOption(pendulumStateOption('pixel models: start from the pendulum state (θ, 0.25·θ̇), rendered as the frame pair that shows it and encoded'))
    .requiredOption('--t-end <T>', 'integrate over [0, T] (T ≤ 1e6)', T_END)
    .option('--points <n>', 'evenly spaced output times on [0, T] (2 to 1000000)', POINTS, 100)
    .addOption(new Option('--integrator <name>', INTEGRATORS.join(' | ')).argParser(oneOf(INTEGRATORS)).default('dopri5'))
    .option('--rtol <x>', 'dopri5 tolerance (used as rtol and atol; 1e-12 to 1: the models compute in float32)', RTOL, 1e-9)
    .option('--dt <x>', 'largest step of the fixed-step integrators (the steps T/dt must not exceed --max-steps)', DT, 0.01)
    .option('--max-steps <n>', 'most steps of one integration; beyond it the command stops with an error', MAX_STEPS_FLAG, DEFAULT_MAX_STEPS)
    .addOption(new Option('--format <kind>', 'csv | json').argParser(oneOf(['csv', 'json'] as const)).default('csv'))
    .option('--reverse', 'also integrate back from the end and print the return error ‖x(0) − x_back(0)‖')
    .option('--add-energy <T>', 'first follow ∇H (adding energy) for T time units (T ≤ 1e6), then the dynamics (HNN only)', ADD_ENERGY)
    .addOption(backendOption())
    .addOption(threadsOption())
    .action(async (path: string, flags: SimulateFlags) => {
      checkSimulateFlags(flags);
      const file = loadModelFile(path);
      await loadTaskModuleOf(file.training);
      const family = familyOf(file, path, flags);
      if (flags.addEnergy !== undefined && modelKindOf(file) === 'baseline') throw new UsageError('--add-energy follows ∇H, which only an HNN or a D-HNN has');
      const { dynamics, x0, columns, trueEnergy } = family.simulable(file, path, modelFromFile(file, kernelsFor(flags)), flags);
      const sim = simulateModel(dynamics, {
        x0,
        tEnd: flags.tEnd,
        points: flags.points,
        integrator: flags.integrator,
        rtol: flags.rtol,
        dt: flags.dt,
        ...(trueEnergy && { trueEnergy }),
        ...(flags.addEnergy !== undefined && { addEnergy: flags.addEnergy }),
        ...(flags.reverse && { reverse: true }),
        maxSteps: flags.maxSteps,
      });
      process.stdout.write(flags.format === 'json' ? asJson(sim, x0, path, file.task, columns, flags) : asCsv(sim, columns));
    });
}

/**
 * Checks what the flags ask of the integrator before it starts: a fixed-step integrator takes
 * ⌈T/dt⌉ steps over --t-end (and over --add-energy), which must stay within --max-steps.
 */
export function checkSimulateFlags(flags: Pick<SimulateFlags, 'integrator' | 'tEnd' | 'dt' | 'addEnergy' | 'maxSteps'>): void {
  if (flags.integrator === 'dopri5') return;
  for (const [flag, span] of [['--t-end', flags.tEnd], ['--add-energy', flags.addEnergy]] as const) {
    if (span === undefined) continue;
    const steps = Math.ceil(span / flags.dt - 1e-9);
    if (steps > flags.maxSteps) {
      const count = steps > 1e9 ? steps.toExponential(1) : String(steps);
      throw new UsageError(`--dt ${flags.dt}: ${flags.integrator} over ${flag} ${span} takes ${count} steps, more than --max-steps ${flags.maxSteps}; expected --dt ≥ ${Number((span / flags.maxSteps).toPrecision(3))} (or a larger --max-steps)`);
    }
  }
}

/** The path as CSV, one column per state coordinate (`columns`); a trailing `#` line carries the return error. */
function asCsv(sim: Simulation, columns: readonly string[]): string {
  const dim = columns.length;
  const header = ['t', ...columns, ...(sim.trueEnergy ? ['energy'] : []), ...(sim.learnedH ? ['H'] : []), ...(sim.learnedD ? ['D'] : [])];
  const lines = [header.join(',')];
  for (let k = 0; k < sim.t.length; k++) {
    const row = [sim.t[k]!, ...sim.y.subarray(k * dim, (k + 1) * dim)];
    if (sim.trueEnergy) row.push(sim.trueEnergy[k]!);
    if (sim.learnedH) row.push(sim.learnedH[k]!);
    if (sim.learnedD) row.push(sim.learnedD[k]!);
    lines.push(row.join(','));
  }
  if (sim.returnError !== null) lines.push(`# return error ‖x(0) − x_back(0)‖ = ${sim.returnError}`);
  return lines.join('\n') + '\n';
}

/** The path and its context as JSON (`coordinates` names the state's components; `fromState` the pendulum state a pixel model started from). */
function asJson(sim: Simulation, x0: Float64Array, path: string, task: string | null, coordinates: readonly string[], flags: SimulateFlags): string {
  const dim = coordinates.length;
  return (
    JSON.stringify({
      model: path,
      task,
      integrator: flags.integrator,
      coordinates,
      ...(flags.state && { fromState: flags.state }),
      ...(flags.addEnergy !== undefined && { addEnergy: { duration: flags.addEnergy, from: Array.from(x0), to: Array.from(sim.start) } }),
      t: Array.from(sim.t),
      states: Array.from({ length: sim.t.length }, (_, k) => Array.from(sim.y.subarray(k * dim, (k + 1) * dim))),
      trueEnergy: sim.trueEnergy && Array.from(sim.trueEnergy),
      learnedH: sim.learnedH && Array.from(sim.learnedH),
      ...(sim.learnedD && { learnedD: Array.from(sim.learnedD) }),
      ...(sim.returnError !== null && { returnError: sim.returnError }),
    }) + '\n'
  );
}
