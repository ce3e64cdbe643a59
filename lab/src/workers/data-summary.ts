// What the page needs to know about a dataset to draw it: size, extent in the plane, a sample.
import type { Dataset } from 'hnn';
import { planePoints } from '../systems/plane.js';
import type { Box, LabSystem } from '../systems/system.js';
import type { DataSummary } from './protocol.js';

/** Most training states sent to the page for drawing. */
const SAMPLE_ROWS = 1500;

/** The summary of `data` of `system`: the box around its training states (with a margin) and an even sample of them. */
export function summarizeData(system: LabSystem, data: Dataset): DataSummary {
  const d = data.dim;
  const rows = data.train.x.length / d;
  const stride = Math.max(1, Math.ceil(rows / SAMPLE_ROWS));
  const sample = new Float64Array(Math.ceil(rows / stride) * d);
  for (let r = 0, k = 0; r < rows; r += stride, k++) sample.set(data.train.x.subarray(r * d, (r + 1) * d), k * d);
  return { dim: d, trainRows: rows, testRows: data.test.x.length / d, box: boxAround(system, sample), sample };
}

/** The smallest box holding the plane points of the states, widened by 10% on each side. */
function boxAround(system: LabSystem, states: Float64Array): Box {
  const d = system.dim;
  let u0 = Infinity, u1 = -Infinity, v0 = Infinity, v1 = -Infinity;
  for (let r = 0; r < states.length / d; r++) {
    for (const [u, v] of planePoints(system, states.subarray(r * d, (r + 1) * d))) {
      u0 = Math.min(u0, u); u1 = Math.max(u1, u);
      v0 = Math.min(v0, v); v1 = Math.max(v1, v);
    }
  }
  if (!(u1 > u0)) [u0, u1] = [u0 - 1, u0 + 1];
  if (!(v1 > v0)) [v0, v1] = [v0 - 1, v0 + 1];
  const mu = 0.1 * (u1 - u0), mv = 0.1 * (v1 - v0);
  return { u: [u0 - mu, u1 + mu], v: [v0 - mv, v1 + mv] };
}
