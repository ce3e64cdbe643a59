import type { Dataset } from '../core/dataset.js';
import { readJsonFile } from './files.js';
import { FileFormatError, JsonReader } from './validate.js';

/**
 * Reads a dataset JSON (or .json.gz) in the reference layout: `x`, `dx`, `test_x`, `test_dx` as
 * arrays of rows, all of one width; optional `test_t` (time stamps of the test rows) and `meta`.
 */
export function readDatasetFile(path: string): Dataset {
  const root = readJsonFile(path);
  const r = new JsonReader(path);
  r.object(root, '');
  const x = r.matrix(root, 'x');
  const dim = x.cols;
  const dx = r.matrix(root, 'dx', dim);
  const testX = r.matrix(root, 'test_x', dim);
  const testDx = r.matrix(root, 'test_dx', dim);
  if (dx.rows !== x.rows) throw new FileFormatError(path, 'dx', `${x.rows} rows like "x"`, `${dx.rows} rows`);
  if (testDx.rows !== testX.rows) throw new FileFormatError(path, 'test_dx', `${testX.rows} rows like "test_x"`, `${testDx.rows} rows`);
  const testT = r.at(root, 'test_t') === undefined ? undefined : r.vector(root, 'test_t', testX.rows);
  const meta = r.at(root, 'meta');
  return {
    dim,
    x: x.data,
    dx: dx.data,
    testX: testX.data,
    testDx: testDx.data,
    ...(testT && { testT }),
    meta: { source: path, ...(meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : {}) },
  };
}
