import { Command } from 'commander';
import type { Backend } from '../../kernels/select.js';
import { readDatasetFile } from '../../io/dataset-file.js';
import { loadModelFile, modelFromFile } from '../../io/model-file.js';
import { lossWithError } from '../../eval/losses.js';
import { taskByName } from '../../tasks/registry.js';
import { formatMeanError } from '../format.js';
import { UsageError } from '../options.js';
import { backendOption, kernelsFor } from './shared-options.js';
import type { Dataset } from '../../core/dataset.js';
import type { ModelFile } from '../../io/model-file.js';

interface EvaluateFlags {
  dataset?: string;
  json?: boolean;
  backend: Backend;
}

/** `hnn evaluate`: train and test loss (with ±) of a saved model. */
export function evaluateCommand(): Command {
  return new Command('evaluate')
    .description('measure a saved model: train and test loss with ± on its task data or a dataset file')
    .argument('<model>', 'model file written by `hnn train` or `hnn import-torch`')
    .option('--dataset <file>', 'dataset JSON (x, dx, test_x, test_dx; .json.gz too); default: regenerate the task data with the training seed')
    .option('--json', 'print the result as JSON')
    .addOption(backendOption())
    .action((path: string, flags: EvaluateFlags) => {
      const file = loadModelFile(path);
      const data = flags.dataset ? readDatasetFile(flags.dataset) : taskDataset(file, path);
      if (data.dim !== file.spec.mlp.inputDim) {
        throw new UsageError(`dataset has state dimension ${data.dim} but the model ${path} expects ${file.spec.mlp.inputDim}`);
      }
      const model = modelFromFile(file, kernelsFor(flags.backend));
      const result = { model: path, task: file.task, trainLoss: lossWithError(model, data.x, data.dx), testLoss: lossWithError(model, data.testX, data.testDx) };
      if (flags.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else process.stdout.write(`train loss ${formatMeanError(result.trainLoss)}\ntest loss  ${formatMeanError(result.testLoss)}\n`);
    });
}

/** The task's generated dataset for the seed the model was trained with. */
function taskDataset(file: ModelFile, path: string): Dataset {
  if (!file.task) throw new UsageError(`${path} names no task; pass --dataset FILE`);
  let task;
  try {
    task = taskByName(file.task);
  } catch {
    throw new UsageError(`${path} is for task "${file.task}", which this version cannot generate data for; pass --dataset FILE`);
  }
  const seed = typeof file.training?.['seed'] === 'number' ? (file.training['seed'] as number) : 0;
  return task.makeDataset(seed);
}
