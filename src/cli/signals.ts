/** Ctrl-C and termination requests noticed while a command works, so that it can stop at a safe point. */
export interface SignalWatch {
  /** Whether SIGINT or SIGTERM arrived. */
  stopped(): boolean;
  /** The exit code for the signal that arrived (130 for SIGINT, 143 for SIGTERM), or null. */
  exitCode(): number | null;
  /** Gives the signals back their default handling. */
  dispose(): void;
}

/** Starts watching SIGINT and SIGTERM (telling `onSignal` its exit code); a second signal ends the process at once. */
export function watchSignals(onSignal?: (exitCode: number) => void): SignalWatch {
  let code: number | null = null;
  const handlers: [NodeJS.Signals, () => void][] = (['SIGINT', 'SIGTERM'] as const).map((signal) => [
    signal,
    () => {
      if (code !== null) process.exit(code);
      code = signal === 'SIGINT' ? 130 : 143;
      onSignal?.(code);
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

/** A watch of the exit code another thread stores in `flag[0]` (0: no signal yet), e.g. a worker's view of its parent's signals. */
export function sharedSignals(flag: Int32Array): SignalWatch {
  const code = (): number => Atomics.load(flag, 0);
  return { stopped: () => code() !== 0, exitCode: () => code() || null, dispose: () => {} };
}
