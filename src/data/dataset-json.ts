import type { Dataset } from '../core/dataset.js';
import { FileFormatError } from '../core/errors.js';
import { JsonReader } from '../core/json-reader.js';

/** What a dataset file is read for: the state dimension it must have, and whose it is (for the message). */
export interface DatasetExpectation {
  readonly dim: number;
  /** E.g. "task spring" or "the model m.json". */
  readonly of: string;
}

/**
 * A dataset from parsed JSON in the reference layout: `x`, `dx`, `test_x`, `test_dx` as non-empty
 * arrays of rows, all of one width (`expect.dim` when given); every value finite as a float32 (the
 * models compute in float32); optional `test_t` (time stamps of the test rows: finite, strictly
 * increasing) and `meta` (an object). `name` labels errors, which name the field (FileFormatError).
 */
export function parseDatasetJson(root: unknown, name: string, expect?: DatasetExpectation): Dataset {
  const r = new JsonReader(name);
  r.object(root, '');
  const f32 = { float32: true } as const;
  const x = r.matrix(root, 'x', undefined, f32);
  const dim = x.cols;
  if (expect && dim !== expect.dim) throw new FileFormatError(name, 'x[0]', `rows of ${expect.dim} numbers (the state dimension of ${expect.of})`, `a row of ${dim}`);
  const dx = r.matrix(root, 'dx', dim, f32);
  const testX = r.matrix(root, 'test_x', dim, f32);
  const testDx = r.matrix(root, 'test_dx', dim, f32);
  if (dx.rows !== x.rows) throw new FileFormatError(name, 'dx', `${x.rows} rows like "x"`, `${dx.rows} rows`);
  if (testDx.rows !== testX.rows) throw new FileFormatError(name, 'test_dx', `${testX.rows} rows like "test_x"`, `${testDx.rows} rows`);
  const testT = r.at(root, 'test_t') === undefined ? undefined : r.vector(root, 'test_t', testX.rows);
  if (testT) {
    for (let i = 1; i < testT.length; i++) {
      if (!(testT[i]! > testT[i - 1]!)) throw new FileFormatError(name, `test_t[${i}]`, `a time after test_t[${i - 1}] = ${testT[i - 1]} (strictly increasing)`, testT[i]);
    }
  }
  const meta = r.at(root, 'meta');
  if (meta !== undefined && meta !== null) r.object(root, 'meta');
  return {
    dim,
    train: { x: x.data, dx: dx.data },
    test: { x: testX.data, dx: testDx.data, ...(testT && { t: testT }) },
    meta: { source: name, ...(meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : {}) },
  };
}
