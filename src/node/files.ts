import { readFileSync, renameSync, writeFileSync, unlinkSync, mkdirSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { threadId } from 'node:worker_threads';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FileFormatError, InputError } from '../core/errors.js';

/**
 * Writes a file atomically: to a temporary name beside it (`<name>.<pid>.tmp`, or `<name>.<pid>-<thread>.tmp`
 * from a worker thread), then renamed, so no half-written file remains.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}${threadId ? `-${threadId}` : ''}.tmp`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file may not exist
    }
    throw e;
  }
}

/** Writes `value` as JSON, atomically, gzip-compressed when the name ends in `.gz` (as `readJsonFile` reads it). */
export function writeJsonFile(path: string, value: unknown): void {
  const text = JSON.stringify(value) + '\n';
  writeFileAtomic(path, path.endsWith('.gz') ? gzipSync(text) : text);
}

/** Reads and parses a JSON file (gunzipping `.gz`), with errors that name the file. */
export function readJsonFile(path: string): unknown {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${path}: file not found` : `${path}: cannot read (${(e as Error).message})`);
  }
  let text: string;
  try {
    text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  } catch {
    throw new FileFormatError(path, '', 'gzip-compressed JSON', 'bytes that do not gunzip');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new FileFormatError(path, '', 'valid JSON', `a parse error (${(e as Error).message})`);
  }
}

/** A file's name without its folder and its extension (both of `.json.gz`): `runs/m.json.gz` → `m`. */
export function fileStem(path: string): string {
  const name = basename(path);
  const bare = name.endsWith('.gz') ? name.slice(0, -3) : name;
  return basename(bare, extname(bare));
}
