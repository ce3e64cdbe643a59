import type { PixelDataset } from '../systems/pixel-pendulum/dataset.js';
import { pixelPendulumEnergy } from '../systems/pixel-pendulum/dynamics.js';
import type { EnergyMse } from './energy.js';
import { applyAffineMap, fitAffineMap, type AffineMap } from './pixel-affine.js';
import { latentCodes, rollOutLatent, testTrajectories, type LatentModel } from './pixel-rollout.js';
import { splitStderr } from './split-error.js';

/** The pixel energy metric of one model, with the latent → canonical map it used. */
export interface PixelEnergyMse extends EnergyMse {
  readonly map: AffineMap;
}

/** Name under which model files record that their energy MSE is the pixel metric. */
export const PIXEL_ENERGY_PROTOCOL = 'pixel-latent-rk4';

/** Latent rollouts mapped to canonical coordinates (paths × points × 2, path-major), with the map. */
export interface CanonicalRollouts {
  readonly map: AffineMap;
  readonly coords: Float64Array;
}

/**
 * From each listed test row, the model's latent rollout of `points` frames (RK4, Δt = one frame)
 * mapped to canonical coordinates (θ, 0.25·θ̇) by the least-squares affine map fitted on the training
 * inputs' codes and true coordinates.
 */
export function canonicalRollouts(model: LatentModel, dataset: PixelDataset, starts: Int32Array, points: number): CanonicalRollouts {
  const map = fitAffineMap(latentCodes(model, dataset.train), dataset.train.coords);
  return { map, coords: applyAffineMap(map, rollOutLatent(model, latentCodes(model, dataset.test, starts), points)) };
}

/** Pendulum energy at each (q, p) row. */
export function pixelEnergies(coords: Float64Array): Float64Array {
  return Float64Array.from({ length: coords.length / 2 }, (_, i) => pixelPendulumEnergy(coords[2 * i]!, coords[2 * i + 1]!));
}

/**
 * The energy MSE of a pixel model (docs/energy-metric.md, "Pixel pendulum"): each complete test
 * trajectory's first input is encoded and rolled out in latent space for the trajectory's length
 * (canonicalRollouts); the pendulum energy along the mapped rollout is compared with the true energy
 * along the trajectory. Mean over trajectories of the per-trajectory MSE; "±" from 5 consecutive
 * splits of the trajectories (so their number must be a multiple of 5).
 */
export function measurePixelEnergyMse(model: LatentModel, dataset: PixelDataset): PixelEnergyMse {
  const { starts, points } = testTrajectories(dataset);
  if (starts.length === 0) throw new RangeError('pixel energy metric: the test split holds no complete trajectory');
  const { map, coords } = canonicalRollouts(model, dataset, starts, points);
  const learned = pixelEnergies(coords);
  const truth = pixelEnergies(dataset.test.coords);
  const perSample = Array.from(starts, (start, j) => {
    let sum = 0;
    for (let k = 0; k < points; k++) sum += (learned[j * points + k]! - truth[start + k]!) ** 2;
    return sum / points;
  });
  return { mean: perSample.reduce((a, b) => a + b, 0) / perSample.length, stderr: splitStderr(perSample), perSample, map };
}
