import type { Dataset } from '../core/dataset.js';
import { FileFormatError } from '../core/errors.js';
import { JsonReader } from '../core/json-reader.js';

/**
 * A dataset from parsed JSON in the reference layout: `x`, `dx`, `test_x`, `test_dx` as arrays of rows,
 * all of one width; optional `test_t` (time stamps of the test rows) and `meta`. `name` labels errors.
 */
export function parseDatasetJson(root: unknown, name: string): Dataset {
  const r = new JsonReader(name);
  r.object(root, '');
  const x = r.matrix(root, 'x');
  const dim = x.cols;
  const dx = r.matrix(root, 'dx', dim);
  const testX = r.matrix(root, 'test_x', dim);
  const testDx = r.matrix(root, 'test_dx', dim);
  if (dx.rows !== x.rows) throw new FileFormatError(name, 'dx', `${x.rows} rows like "x"`, `${dx.rows} rows`);
  if (testDx.rows !== testX.rows) throw new FileFormatError(name, 'test_dx', `${testX.rows} rows like "test_x"`, `${testDx.rows} rows`);
  const testT = r.at(root, 'test_t') === undefined ? undefined : r.vector(root, 'test_t', testX.rows);
  const meta = r.at(root, 'meta');
  return {
    dim,
    train: { x: x.data, dx: dx.data },
    test: { x: testX.data, dx: testDx.data, ...(testT && { t: testT }) },
    meta: { source: name, ...(meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : {}) },
  };
}
