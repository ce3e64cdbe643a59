import { Command, Option } from 'commander';
import { saveModelFile } from '../../node/model-files.js';
import { readTorchStateDict } from '../../node/readers.js';
import { STATE_TASK_NAMES } from '../../tasks/registry.js';
import type { ModelKind } from '../../models/types.js';
import { oneOf } from '../options.js';

/** `hnn import-torch`: converts the authors' PyTorch weights into a model file. */
export function importTorchCommand(): Command {
  return new Command('import-torch')
    .description("convert the authors' PyTorch weights (state dict as JSON) into an hnn model file")
    .argument('<state-dict>', 'JSON with `state_dict` (differentiable_model.linearN.weight/bias), as in ../shared/reference/models')
    .addOption(new Option('--task <name>', `task the weights were trained on: ${STATE_TASK_NAMES.join(' | ')}`).argParser(oneOf(STATE_TASK_NAMES)).makeOptionMandatory())
    .addOption(new Option('--model <kind>', 'hnn | baseline').argParser(oneOf(['hnn', 'baseline'] as const)).makeOptionMandatory())
    .requiredOption('--out <file>', 'model file to write (a name ending in .gz is gzip-compressed)')
    .action((path: string, flags: { task: string; model: ModelKind; out: string }) => {
      const file = readTorchStateDict(path, flags.task, flags.model);
      saveModelFile(flags.out, file);
      process.stdout.write(`saved ${flags.out} (${flags.model}, ${flags.task})\n`);
    });
}
