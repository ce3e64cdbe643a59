import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './shared.js';

/** Result of one `hnn` invocation. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `hnn` command with `args` (from `cwd`, default the project root). */
export function hnn(args: string[], cwd = projectRoot): CliRun {
  const r = spawnSync(process.execPath, [join(projectRoot, 'dist', 'src', 'cli', 'main.js'), ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
