import { Command, Option } from 'commander';
import { readDatasetFile } from '../../io/dataset-file.js';
import { isPixelModelFile, loadAnyModelFile, modelFromFile, pixelModelFromFile, type PixelModelFile } from '../../io/model-file.js';
import { lossWithError, type MeanWithError } from '../../eval/losses.js';
import { PROTOCOL_NAMES, type ProtocolName } from '../../eval/protocol.js';
import { measureEnergyMse } from '../../eval/energy-metric.js';
import { measurePixelEnergyMse, PIXEL_ENERGY_PROTOCOL } from '../../eval/pixel-energy.js';
import { pixelLossWithError } from '../../eval/pixel-losses.js';
import { taskByName } from '../../tasks/registry.js';
import { formatMeanError } from '../format.js';
import { oneOf, UsageError } from '../options.js';
import { trainedPixelData } from './pixel-data.js';
import { backendOption, kernelsFor, threadsOption, type KernelFlags } from './shared-options.js';
import type { Dataset } from '../../core/dataset.js';
import type { ModelFile } from '../../io/model-file.js';

interface EvaluateFlags extends KernelFlags {
  dataset?: string;
  data?: string;
  json?: boolean;
  energy?: boolean;
  protocol?: ProtocolName;
  protocolFile?: string;
  cacheDir: string;
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
    .option('--data <file>', 'measurement file for the real-pendulum task (real_pend_h_1.txt)')
    .option('--energy', "also measure the paper's energy MSE: true system and model integrated from the same starts (docs/energy-metric.md)")
    .addOption(new Option('--protocol <name>', "energy protocol: clean (default; the authors' protocol, time stretched once) | paper (with their compounding spring stretch)").argParser(oneOf(PROTOCOL_NAMES)))
    .option('--protocol-file <file>', 'replay the integrations recorded in an energy_inputs JSON (as in ../shared/reference/datasets)')
    .option('--cache-dir <dir>', 'pixel models: where the regenerated frames are cached, keyed by their content hash', '.cache')
    .option('--json', 'print the result as JSON')
    .addOption(backendOption())
    .addOption(threadsOption())
    .action((path: string, flags: EvaluateFlags) => {
      if ((flags.protocol || flags.protocolFile) && !flags.energy) throw new UsageError('--protocol and --protocol-file choose how --energy is measured; add --energy');
      if (flags.protocol && flags.protocolFile) throw new UsageError('give either --protocol or --protocol-file, not both');
      const file = loadAnyModelFile(path);
      const result = isPixelModelFile(file) ? evaluatePixelModel(file, path, flags) : evaluateStateModel(file, path, flags);
      if (flags.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else {
        process.stdout.write(`train loss ${formatMeanError(result.trainLoss)}\ntest loss  ${formatMeanError(result.testLoss)}\n`);
        if (result.energyMse) process.stdout.write(`energy MSE ${formatMeanError(result.energyMse)} (protocol: ${result.energyMse.protocol})\n`);
      }
    });
}

/** Losses (and energy MSE) of a model of states on its task data or a dataset file. */
function evaluateStateModel(file: ModelFile, path: string, flags: EvaluateFlags): Evaluation {
  const data = flags.dataset ? readDatasetFile(flags.dataset) : taskDataset(file, path, flags.data);
  if (data.dim !== file.spec.mlp.inputDim) {
    throw new UsageError(`dataset has state dimension ${data.dim} but the model ${path} expects ${file.spec.mlp.inputDim}`);
  }
  const model = modelFromFile(file, kernelsFor(flags));
  return {
    model: path,
    task: file.task,
    trainLoss: lossWithError(model, data.x, data.dx),
    testLoss: lossWithError(model, data.testX, data.testDx),
    ...(flags.energy && {
      energyMse: measureEnergyMse(file.task ?? 'none', model, {
        seed: trainingSeed(file),
        dataset: data,
        ...(flags.protocol && { protocol: flags.protocol }),
        ...(flags.protocolFile && { protocolFile: flags.protocolFile }),
      }),
    }),
  };
}

/** Losses (and the pixel energy MSE) of a pixel model on the pixel data it was trained on, regenerated or read from the cache. */
function evaluatePixelModel(file: PixelModelFile, path: string, flags: EvaluateFlags): Evaluation {
  const names = { dataset: '--dataset', data: '--data', protocol: '--protocol', protocolFile: '--protocol-file' } as const;
  const stateOnly = (Object.keys(names) as (keyof typeof names)[]).find((k) => flags[k] !== undefined);
  if (stateOnly) throw new UsageError(`${names[stateOnly]} applies to models of states; ${path} is a pixel model (its data is regenerated from the options it records)`);
  const dataset = trainedPixelData(file, path, flags.cacheDir);
  const model = pixelModelFromFile(file, kernelsFor(flags));
  const energy = flags.energy ? measurePixelEnergyMse(model, dataset) : null;
  return {
    model: path,
    task: file.task,
    trainLoss: pixelLossWithError(model, dataset.train),
    testLoss: pixelLossWithError(model, dataset.test),
    ...(energy && { energyMse: { mean: energy.mean, stderr: energy.stderr, perSample: energy.perSample, protocol: PIXEL_ENERGY_PROTOCOL } }),
  };
}

/** The seed the model was trained with (0 when the file does not say, as for imported weights). */
function trainingSeed(file: ModelFile): number {
  return typeof file.training?.['seed'] === 'number' ? (file.training['seed'] as number) : 0;
}

/** The task's generated (or measured) dataset for the seed the model was trained with. */
function taskDataset(file: ModelFile, path: string, dataFile: string | undefined): Dataset {
  if (!file.task) throw new UsageError(`${path} names no task; pass --dataset FILE`);
  let task;
  try {
    task = taskByName(file.task);
  } catch {
    throw new UsageError(`${path} is for task "${file.task}", which this version cannot generate data for; pass --dataset FILE`);
  }
  return task.makeDataset(trainingSeed(file), dataFile !== undefined ? { dataFile } : {});
}
