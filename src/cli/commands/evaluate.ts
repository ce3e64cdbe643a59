import { Command, Option } from 'commander';
import { measureTaskEnergy } from '../../eval/energy-metric.js';
import { lossWithError, type MeanWithError } from '../../eval/losses.js';
import { PROTOCOL_NAMES, type ProtocolName } from '../../tasks/energy-protocol.js';
import { modelFromFile, modelKindOf } from '../../io/model-file.js';
import { loadModelFile } from '../../node/model-files.js';
import { loadTaskModuleOf } from '../../node/task-module.js';
import { readEnergyProtocolFile } from '../../node/readers.js';
import { familyOf, taskOfFile, trainingSeed, type ModelDataFlags } from '../family.js';
import { formatMeanError } from '../format.js';
import { oneOf, UsageError } from '../options.js';
import { backendOption, kernelsFor, threadsOption, type KernelFlags } from './shared-options.js';

interface EvaluateFlags extends KernelFlags, ModelDataFlags {
  json?: boolean;
  protocol?: ProtocolName;
  protocolFile?: string;
}

/** What `evaluate` reports. */
interface Evaluation {
  readonly model: string;
  readonly task: string | null;
  readonly trainLoss: MeanWithError;
  readonly testLoss: MeanWithError;
  readonly energyMse?: MeanWithError & { readonly protocol: string; readonly perSample: number[] };
}

/** `hnn evaluate`: train and test loss (with ±) of a saved model, and optionally its energy MSE. */
export function evaluateCommand(): Command {
  return new Command('evaluate')
    .description('measure a saved model: train and test loss with ± on its task data or a dataset file; with --energy also the energy MSE')
    .argument('<model>', 'model file written by `hnn train` or `hnn import-torch`')
    .option('--dataset <file>', 'dataset JSON (x, dx, test_x, test_dx; .json.gz too); default: regenerate the task data with the training seed')
    .option('--data <file>', "the data file: the real pendulum's measurements, or the CSV a model was trained on when it has moved")
    .option('--energy [expr]', "also measure the paper's energy MSE (docs/energy-metric.md); for CSV data, give its true energy as an expression in the coordinates, e.g. '1 - cos(q) + p^2/2'")
    .addOption(new Option('--protocol <name>', "energy protocol: clean (default; the authors' protocol, time stretched once) | paper (with their compounding spring stretch)").argParser(oneOf(PROTOCOL_NAMES)))
    .option('--protocol-file <file>', 'replay the integrations recorded in an energy_inputs JSON (as in ../shared/reference/datasets)')
    .option('--cache-dir <dir>', 'pixel models: where the regenerated frames are cached, keyed by their content hash', '.cache')
    .option('--json', 'print the result as JSON')
    .addOption(backendOption())
    .addOption(threadsOption())
    .action(async (path: string, flags: EvaluateFlags) => {
      if ((flags.protocol || flags.protocolFile) && !flags.energy) throw new UsageError('--protocol and --protocol-file choose how --energy is measured; add --energy');
      if (flags.protocol && flags.protocolFile) throw new UsageError('give either --protocol or --protocol-file, not both');
      const file = loadModelFile(path);
      await loadTaskModuleOf(file.training);
      const data = familyOf(file, path, flags).data(file, path, flags);
      const model = modelFromFile(file, kernelsFor(flags));
      let energyMse: Evaluation['energyMse'];
      if (flags.energy) {
        const task = taskOfFile(file, path, flags);
        if (flags.protocolFile && task.family !== 'state') throw new UsageError('--protocol-file replays the energy protocol of a model of states');
        const protocol = flags.protocolFile && task.family === 'state' ? readEnergyProtocolFile(flags.protocolFile, modelKindOf(file), task) : flags.protocol;
        energyMse = measureTaskEnergy(task, model, data, { seed: trainingSeed(file), ...(protocol && { protocol }) });
      }
      const result: Evaluation = {
        model: path,
        task: file.task,
        trainLoss: lossWithError<Float32Array, unknown>(model, data.train),
        testLoss: lossWithError<Float32Array, unknown>(model, data.test),
        ...(energyMse && { energyMse }),
      };
      if (flags.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else {
        process.stdout.write(`train loss ${formatMeanError(result.trainLoss)}\ntest loss  ${formatMeanError(result.testLoss)}\n`);
        if (result.energyMse) process.stdout.write(`energy MSE ${formatMeanError(result.energyMse)} (protocol: ${result.energyMse.protocol})\n`);
      }
    });
}
