import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The project root (tests run from dist/test/…). */
export const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Absolute path of a file under ../shared (reference outputs and the real-pendulum data). */
export function sharedPath(...parts: string[]): string {
  return join(projectRoot, '..', 'shared', ...parts);
}

/** Skip reason when a ../shared file is absent, or undefined when it is there. */
export function missing(path: string): string | undefined {
  return existsSync(path) ? undefined : `reference file not found: ${path} (tests read ../shared; skipped)`;
}

/** Parses a JSON (or .json.gz) file. */
export function readJson(path: string): any {
  const raw = readFileSync(path);
  return JSON.parse((path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
}

/** Largest |a−b| / max(|b|, floor) over two equal-length arrays. */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), floor));
  return worst;
}
