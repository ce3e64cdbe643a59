/** Ctrl-C and termination requests noticed while a command works, so that it can stop at a safe point. */
export interface SignalWatch {
  /** Whether SIGINT or SIGTERM arrived. */
  stopped(): boolean;
  /** The exit code for the signal that arrived (130 for SIGINT, 143 for SIGTERM), or null. */
  exitCode(): number | null;
  /** Gives the signals back their default handling. */
  dispose(): void;
}

/** Starts watching SIGINT and SIGTERM; a second signal ends the process at once. */
export function watchSignals(): SignalWatch {
  let code: number | null = null;
  const handlers: [NodeJS.Signals, () => void][] = (['SIGINT', 'SIGTERM'] as const).map((signal) => [
    signal,
    () => {
      if (code !== null) process.exit(code);
      code = signal === 'SIGINT' ? 130 : 143;
    },
  ]);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  return {
    stopped: () => code !== null,
    exitCode: () => code,
    dispose: () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}
