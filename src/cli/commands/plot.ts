import { dirname, join } from 'node:path';
import { Command, Option } from 'commander';
import { isPixelModelFile, modelFromFile } from '../../io/model-file.js';
import { fileStem } from '../../node/files.js';
import { loadModelFile } from '../../node/model-files.js';
import { loadTaskModuleOf } from '../../node/task-module.js';
import { loadRealPendulum } from '../../node/readers.js';
import { modelFigure, PLOT_KINDS, type PlotKind } from '../../plot/model-figure.js';
import { figureSystem } from '../../plot/system.js';
import { writeFigure, FIGURE_FORMATS } from '../../plot/write.js';
import { stateTaskByName, STATE_TASK_NAMES, type StateTask } from '../../tasks/registry.js';
import { familyOf, taskOfFile, type ModelDataFlags } from '../family.js';
import { POINTS, T_END, UsageError, integerAtLeast, numberList, oneOf } from '../options.js';
import { plotPixelModel } from './plot-pixel.js';
import { backendOption, kernelsFor, pendulumStateOption, threadsOption, type KernelFlags } from './shared-options.js';

/** The options of `hnn plot`, as parsed. */
export interface PlotFlags extends KernelFlags, ModelDataFlags {
  kind: PlotKind;
  out?: string;
  tEnd?: number;
  points?: number;
}

/** `hnn plot`: draws one figure of a saved model as SVG or PNG. */
export function plotCommand(): Command {
  return new Command('plot')
    .description("draw one figure of a saved model (SVG or PNG by the output's extension; a pixel model's rollout is a GIF)")
    .argument('<model>', 'model file written by `hnn train`, `hnn reproduce` or `hnn import-torch`')
    .addOption(
      new Option(
        '--kind <kind>',
        'phase: learned field with a rollout (pixel model: its latent space) | energy: energy over time vs truth | rollout: coordinates or orbits vs truth (pixel model: GIF of true vs decoded frames) | hamiltonian: learned H beside the true H (HNN, D-HNN) | dissipation: a D-HNN\'s learned D beside the true D',
      )
        .argParser(oneOf(PLOT_KINDS))
        .makeOptionMandatory(),
    )
    .option('--out <file>', `figure to write (${FIGURE_FORMATS.join(' | ')}, or .gif for a pixel model's rollout); default <model>-<kind>.svg (.gif) beside the model`)
    .option('--x0 <list>', "rollout start as comma-separated numbers (q₁..qₙ, p₁..pₙ); default: the task's", numberList)
    .option('--t-end <T>', "roll out over [0, T] (T ≤ 1e6); default: the task's (20 for most)", T_END)
    .option('--points <n>', 'evenly spaced output times of the rollout (2 to 1000000)', POINTS)
    .addOption(new Option('--task <name>', `task, for a model file that records none: ${STATE_TASK_NAMES.join(' | ')}`).argParser(oneOf(STATE_TASK_NAMES)))
    .option('--data-real <file>', 'real-pendulum measurements (real_pend_h_1.txt): the rollout replays the recorded test block as the truth')
    .option('--data <file>', 'the CSV a model was trained on, when it has moved')
    .option('--energy <expr>', 'the true energy of CSV data, as an expression in its coordinates (energy and hamiltonian figures need one)')
    .option('--trajectory <i>', 'pixel models: the test trajectory the energy and rollout figures start from (default 0)', integerAtLeast(0))
    .addOption(pendulumStateOption("pixel models, --kind rollout: play the pendulum through the state (θ, 0.25·θ̇) instead of a test trajectory, beside the model's rollout from the code of its frames"))
    .option('--cache-dir <dir>', 'pixel models: where the regenerated frames are cached, keyed by their content hash', '.cache')
    .addOption(backendOption())
    .addOption(threadsOption())
    .action(async (path: string, flags: PlotFlags) => {
      const file = loadModelFile(path);
      await loadTaskModuleOf(file.training);
      familyOf(file, path, flags);
      if (isPixelModelFile(file)) {
        const written = await plotPixelModel(file, path, flags);
        process.stdout.write(`wrote ${written} (${flags.kind} figure of the ${file.task ?? 'pixel-pendulum'} ${file.spec.latent})\n`);
        return;
      }
      if (!flags.task && !file.task) throw new UsageError(`${path} records no task; pass --task (${STATE_TASK_NAMES.join(', ')})`);
      const task = flags.task ? stateTaskByName(flags.task) : (taskOfFile(file, path, flags) as StateTask);
      const system = figureSystem(task);
      if (file.spec.mlp.inputDim !== system.dim) throw new UsageError(`${path} has state dimension ${file.spec.mlp.inputDim} but task ${task.name} has ${system.dim}`);
      if (flags.kind === 'hamiltonian' && file.spec.kind === 'baseline') throw new UsageError(`--kind hamiltonian draws the learned H, which only an hnn or dhnn model has (${path} is a baseline)`);
      if (flags.kind === 'dissipation' && file.spec.kind !== 'dhnn') throw new UsageError(`--kind dissipation draws the learned D, which only a dhnn model has (${path} is a ${file.spec.kind})`);
      const out = flags.out ?? join(dirname(path), `${fileStem(path)}-${flags.kind}.svg`);
      const figure = modelFigure(flags.kind, system, file.spec.kind, modelFromFile(file, kernelsFor(flags)), {
        ...(flags.x0 && { x0: flags.x0 }),
        ...(flags.tEnd !== undefined && { tEnd: flags.tEnd }),
        ...(flags.points !== undefined && { points: flags.points }),
        ...(flags.dataReal !== undefined ? { dataset: loadRealPendulum(flags.dataReal) } : task.recipe ? { dataset: task.makeDataset(0) } : {}),
      });
      await writeFigure(out, figure);
      process.stdout.write(`wrote ${out} (${flags.kind} figure of the ${task.name} ${file.spec.kind})\n`);
    });
}
