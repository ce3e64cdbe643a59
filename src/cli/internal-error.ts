import { InputError } from '../core/errors.js';
import { CommandExit, UsageError } from './options.js';

/** Exit code for bad usage or bad input files. */
export const EXIT_USAGE = 2;

/** Exit code for a bug (an error that is not a usage or input error). */
const EXIT_BUG = 1;

/**
 * Separates the global `--debug` flag from the rest of the command line: it may stand anywhere before
 * a `--` (so `hnn simulate m.json … --debug` works as `hnn --debug simulate …`).
 */
export function splitDebugFlag(argv: readonly string[]): { argv: string[]; debug: boolean } {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  const tail = end < 0 ? [] : argv.slice(end);
  const kept = head.filter((a) => a !== '--debug');
  return { argv: [...kept, ...tail], debug: kept.length !== head.length };
}

/**
 * What the CLI prints for an error that is not a usage or input error: a bug. One line saying so,
 * its message, and how to see the stack (`--debug`); with `debug`, the stack itself.
 */
export function internalErrorReport(e: unknown, debug: boolean): string {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  if (debug) return `hnn: internal error (a bug in hnn): ${e instanceof Error ? (e.stack ?? message) : message}\n`;
  const line = message.split('\n')[0]!.slice(0, 300);
  return `hnn: internal error (a bug in hnn, please report it): ${line}; run again with --debug for the stack trace\n`;
}

/**
 * What the CLI prints for an error a command threw, and the exit code it ends with: a command's own
 * exit (its line, its code), a usage or input error (`hnn: error: …`, 2), or a bug (internalErrorReport, 1).
 */
export function errorReport(e: unknown, debug: boolean): { text: string; exitCode: number } {
  if (e instanceof CommandExit) return { text: e.message ? `hnn: ${e.message}\n` : '', exitCode: e.code };
  if (e instanceof UsageError || e instanceof InputError) return { text: `hnn: error: ${e.message}\n`, exitCode: EXIT_USAGE };
  return { text: internalErrorReport(e, debug), exitCode: EXIT_BUG };
}
