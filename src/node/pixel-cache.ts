import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './files.js';
import { assemblePixelDataset, generatePixelPendulumDataset, pixelDatasetHash, PIXEL_DATASET_DEFAULTS, type PixelDataset, type PixelDatasetOptions } from '../systems/pixel-pendulum/dataset.js';

/** First bytes of a cached pixel dataset. */
const MAGIC = 'HNNPIXDS';

/** A dataset and whether it was read from the cache (false: generated, then cached). */
export interface CachedPixelDataset {
  readonly dataset: PixelDataset;
  readonly fromCache: boolean;
}

/** The cache file of the dataset these options generate: `<cacheDir>/pixel-pendulum-<content hash>.bin`. */
export function pixelDatasetCachePath(cacheDir: string, overrides: Partial<PixelDatasetOptions> = {}): string {
  return join(cacheDir, `pixel-pendulum-${pixelDatasetHash(overrides)}.bin`);
}

/**
 * The task-5 dataset of these options, read from `cacheDir` when a file named by its content hash
 * (pixelDatasetHash: options, generator version and constants) is there and intact; otherwise it is
 * generated and written there atomically. A changed generator changes the hash, so stale data is
 * never read. Layout: magic, u32 header length, JSON header, then frames (f32), first (i32) and
 * coords (f64) of all rows in test-then-train order, little-endian.
 */
export function cachedPixelPendulumDataset(cacheDir: string, overrides: Partial<PixelDatasetOptions> = {}): CachedPixelDataset {
  const options: PixelDatasetOptions = { ...PIXEL_DATASET_DEFAULTS, ...overrides };
  const path = pixelDatasetCachePath(cacheDir, options);
  const cached = readCache(path, options);
  if (cached) return { dataset: cached, fromCache: true };
  const dataset = generatePixelPendulumDataset(options);
  writeFileAtomic(path, encode(dataset));
  return { dataset, fromCache: false };
}

/** The bytes of a cache file for `dataset`. */
function encode(dataset: PixelDataset): Buffer {
  const { test, train, hash } = dataset;
  const rows = test.first.length + train.first.length;
  const header = Buffer.from(JSON.stringify({ hash, frameValues: test.frames.length, rows }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const bytes = (a: Float32Array | Int32Array | Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.concat([Buffer.from(MAGIC), length, header, bytes(test.frames), bytes(test.first), bytes(train.first), bytes(test.coords), bytes(train.coords)]);
}

/** The dataset stored at `path` when the file exists, carries the options' hash and has the right size; else null. */
function readCache(path: string, options: PixelDatasetOptions): PixelDataset | null {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    return null;
  }
  try {
    if (buf.subarray(0, MAGIC.length).toString() !== MAGIC) return null;
    const headerLength = buf.readUInt32LE(MAGIC.length);
    let at = MAGIC.length + 4;
    const header = JSON.parse(buf.subarray(at, at + headerLength).toString()) as { hash?: unknown; frameValues?: unknown; rows?: unknown };
    at += headerLength;
    const { hash, frameValues, rows } = header;
    if (hash !== pixelDatasetHash(options) || typeof frameValues !== 'number' || typeof rows !== 'number') return null;
    if (buf.length !== at + 4 * frameValues + 4 * rows + 16 * rows) return null;
    // Copies, so every array is aligned whatever the Buffer's offset.
    const take = (bytes: number): ArrayBuffer => {
      const out = new Uint8Array(buf.subarray(at, at + bytes));
      at += bytes;
      return out.buffer;
    };
    const frames = new Float32Array(take(4 * frameValues));
    const first = new Int32Array(take(4 * rows));
    const coords = new Float64Array(take(16 * rows));
    return assemblePixelDataset(options, frames, first, coords);
  } catch {
    return null;
  }
}
