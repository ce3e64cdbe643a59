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
