#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { InputError } from '../core/errors.js';
import { LIBRARY_VERSION } from '../core/version.js';
import { evaluateCommand } from './commands/evaluate.js';
import { importTorchCommand } from './commands/import-torch.js';
import { plotCommand } from './commands/plot.js';
import { reproduceCommand } from './commands/reproduce.js';
import { simulateCommand } from './commands/simulate.js';
import { trainCommand } from './commands/train.js';
import { CommandExit, UsageError } from './options.js';

/** Exit code for bad usage or bad input files. */
const EXIT_USAGE = 2;

const program = new Command('hnn')
  .description('Hamiltonian Neural Networks (Greydanus, Dzamba & Yosinski 2019): train, evaluate and reproduce the paper')
  .version(LIBRARY_VERSION)
  .exitOverride()
  .showSuggestionAfterError();

for (const command of [trainCommand(), evaluateCommand(), simulateCommand(), importTorchCommand(), reproduceCommand(), plotCommand()]) {
  program.addCommand(command.exitOverride());
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Commander has already printed its one-line message (or the help).
    process.exitCode = e.exitCode === 0 ? 0 : EXIT_USAGE;
  } else if (e instanceof CommandExit) {
    if (e.message) process.stderr.write(`hnn: ${e.message}\n`);
    process.exitCode = e.code;
  } else if (e instanceof UsageError || e instanceof InputError) {
    process.stderr.write(`hnn: error: ${e.message}\n`);
    process.exitCode = EXIT_USAGE;
  } else {
    process.stderr.write(`hnn: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
}
