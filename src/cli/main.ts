#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { LIBRARY_VERSION } from '../core/version.js';
import { evaluateCommand } from './commands/evaluate.js';
import { importTorchCommand } from './commands/import-torch.js';
import { plotCommand } from './commands/plot.js';
import { reproduceCommand } from './commands/reproduce.js';
import { simulateCommand } from './commands/simulate.js';
import { trainCommand } from './commands/train.js';
import { errorReport, EXIT_USAGE, splitDebugFlag } from './internal-error.js';

const program = new Command('hnn')
  .description('Hamiltonian Neural Networks (Greydanus, Dzamba & Yosinski 2019): train, evaluate and reproduce the paper')
  .version(LIBRARY_VERSION)
  .option('--debug', 'on an internal error (a bug), print its stack trace; may be given anywhere on the line')
  .exitOverride()
  .showSuggestionAfterError();

/** Commander's own messages (bad or missing options) start as ours do: `hnn: error: …`. */
const output = { outputError: (text: string, write: (s: string) => void) => write(text.startsWith('error:') ? `hnn: ${text}` : text) };
program.configureOutput(output);
for (const command of [trainCommand(), evaluateCommand(), simulateCommand(), importTorchCommand(), reproduceCommand(), plotCommand()]) {
  program.addCommand(command.exitOverride().configureOutput(output));
}

const { argv, debug } = splitDebugFlag(process.argv);
try {
  await program.parseAsync(argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Commander has already printed its one-line message (or the help).
    process.exitCode = e.exitCode === 0 ? 0 : EXIT_USAGE;
  } else {
    const { text, exitCode } = errorReport(e, debug);
    process.stderr.write(text);
    process.exitCode = exitCode;
  }
}
