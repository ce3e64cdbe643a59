import { storedPixelDatasetOptions, type PixelModelFile } from '../../io/model-file.js';
import { cachedPixelPendulumDataset } from '../../systems/pixel-pendulum/cache.js';
import type { PixelDataset } from '../../systems/pixel-pendulum/dataset.js';
import { UsageError } from '../options.js';

/**
 * The pixel data a pixel model was trained on, regenerated from the options its file records (or read
 * from the content-hashed cache in `cacheDir`); a note on stderr when the generator changed since.
 */
export function trainedPixelData(file: PixelModelFile, path: string, cacheDir: string): PixelDataset {
  const { dataset } = cachedPixelPendulumDataset(cacheDir, storedPixelDatasetOptions(file, path));
  const trainedOn = file.training?.['dataset'] as { hash?: unknown } | undefined;
  if (typeof trainedOn?.hash === 'string' && trainedOn.hash !== dataset.hash) {
    process.stderr.write(`hnn: note: the pixel generator changed since ${path} was trained; using the current generator's data\n`);
  }
  return dataset;
}

/** Side of the square frames a pixel model reads (its input is two frames of side² pixels). */
export function frameSide(file: PixelModelFile, path: string): number {
  const side = Math.round(Math.sqrt(file.spec.pixel.inputDim / 2));
  if (2 * side * side !== file.spec.pixel.inputDim) throw new UsageError(`the model ${path} reads ${file.spec.pixel.inputDim} inputs, not two square frames`);
  return side;
}
