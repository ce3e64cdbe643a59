import { Command, Option } from 'commander';
import { loadModelFile, modelFromFile } from '../../io/model-file.js';
import { energyTask } from '../../eval/energy-tasks.js';
import { simulateModel, type Simulation } from '../../eval/simulate.js';
import { INTEGRATORS, type IntegratorName } from '../../integrate/integrate.js';
import { UsageError, integerAtLeast, nonNegativeNumber, numberList, oneOf } from '../options.js';
import { backendOption, kernelsFor, threadsOption, type KernelFlags } from './shared-options.js';

interface SimulateFlags extends KernelFlags {
  x0: number[];
  tEnd: number;
  points: number;
  integrator: IntegratorName;
  rtol: number;
  dt: number;
  format: 'csv' | 'json';
  reverse?: boolean;
  addEnergy?: number;
}

/** `hnn simulate`: integrates a saved model from a start and prints the path with its energies. */
export function simulateCommand(): Command {
  return new Command('simulate')
    .description("integrate a saved model from a start state and print the path (t, state, the task's true energy, the learned H of an HNN)")
    .argument('<model>', 'model file written by `hnn train` or `hnn import-torch`')
    .requiredOption('--x0 <list>', 'start state as comma-separated numbers (q₁..qₙ, p₁..pₙ)', numberList)
    .requiredOption('--t-end <T>', 'integrate over [0, T]', nonNegativeNumber(true))
    .option('--points <n>', 'evenly spaced output times on [0, T]', integerAtLeast(2), 100)
    .addOption(new Option('--integrator <name>', INTEGRATORS.join(' | ')).argParser(oneOf(INTEGRATORS)).default('dopri5'))
    .option('--rtol <x>', 'dopri5 tolerance (used as rtol and atol)', nonNegativeNumber(true), 1e-9)
    .option('--dt <x>', 'largest step of the fixed-step integrators', nonNegativeNumber(true), 0.01)
    .addOption(new Option('--format <kind>', 'csv | json').argParser(oneOf(['csv', 'json'] as const)).default('csv'))
    .option('--reverse', 'also integrate back from the end and print the return error ‖x(0) − x_back(0)‖')
    .option('--add-energy <T>', 'first follow ∇H (adding energy) for T time units, then the dynamics (HNN only)', nonNegativeNumber(true))
    .addOption(backendOption())
    .addOption(threadsOption())
    .action((path: string, flags: SimulateFlags) => {
      const file = loadModelFile(path);
      const dim = file.spec.mlp.inputDim;
      if (flags.x0.length !== dim) throw new UsageError(`--x0 has ${flags.x0.length} numbers but the model ${path} has state dimension ${dim}`);
      if (flags.addEnergy !== undefined && file.spec.kind !== 'hnn') throw new UsageError('--add-energy follows ∇H, which only an HNN model has');
      const model = modelFromFile(file, kernelsFor(flags));
      const sim = simulateModel(model, file.task ? energyTask(file.task) : undefined, {
        x0: Float64Array.from(flags.x0),
        tEnd: flags.tEnd,
        points: flags.points,
        integrator: flags.integrator,
        rtol: flags.rtol,
        dt: flags.dt,
        ...(flags.addEnergy !== undefined && { addEnergy: flags.addEnergy }),
        ...(flags.reverse && { reverse: true }),
      });
      process.stdout.write(flags.format === 'json' ? asJson(sim, path, file.task, flags) : asCsv(sim, dim));
    });
}

/** Column names of a state: q, p for d = 2, else q1..qn, p1..pn. */
function stateColumns(dim: number): string[] {
  const n = dim / 2;
  if (n === 1) return ['q', 'p'];
  return [...Array.from({ length: n }, (_, i) => `q${i + 1}`), ...Array.from({ length: n }, (_, i) => `p${i + 1}`)];
}

/** The path as CSV (a trailing `#` line carries the return error). */
function asCsv(sim: Simulation, dim: number): string {
  const header = ['t', ...stateColumns(dim), ...(sim.trueEnergy ? ['energy'] : []), ...(sim.learnedH ? ['H'] : [])];
  const lines = [header.join(',')];
  for (let k = 0; k < sim.t.length; k++) {
    const row = [sim.t[k]!, ...sim.y.subarray(k * dim, (k + 1) * dim)];
    if (sim.trueEnergy) row.push(sim.trueEnergy[k]!);
    if (sim.learnedH) row.push(sim.learnedH[k]!);
    lines.push(row.join(','));
  }
  if (sim.returnError !== null) lines.push(`# return error ‖x(0) − x_back(0)‖ = ${sim.returnError}`);
  return lines.join('\n') + '\n';
}

/** The path and its context as JSON. */
function asJson(sim: Simulation, path: string, task: string | null, flags: SimulateFlags): string {
  const dim = flags.x0.length;
  return (
    JSON.stringify({
      model: path,
      task,
      integrator: flags.integrator,
      ...(flags.addEnergy !== undefined && { addEnergy: { duration: flags.addEnergy, from: flags.x0, to: Array.from(sim.start) } }),
      t: Array.from(sim.t),
      states: Array.from({ length: sim.t.length }, (_, k) => Array.from(sim.y.subarray(k * dim, (k + 1) * dim))),
      trueEnergy: sim.trueEnergy && Array.from(sim.trueEnergy),
      learnedH: sim.learnedH && Array.from(sim.learnedH),
      ...(sim.returnError !== null && { returnError: sim.returnError }),
    }) + '\n'
  );
}
