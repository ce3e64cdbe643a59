import { dirname, extname, join } from 'node:path';
import { testTrajectories } from '../../eval/pixel-rollout.js';
import { fileStem, writeFileAtomic } from '../../node/files.js';
import { modelFromFile, modelKindOf, storedPixelDatasetOptions, type PixelModelFile } from '../../io/model-file.js';
import { pixelModelFigure, rolloutAnimation, stateRolloutAnimation } from '../../plot/pixel-figures.js';
import { FIGURE_FORMATS, writeFigure } from '../../plot/write.js';
import { UsageError } from '../options.js';
import { familyOf, frameSide } from '../family.js';
import type { PixelDataset } from '../../systems/pixel-pendulum/dataset.js';
import type { PlotFlags } from './plot.js';
import { kernelsFor } from './shared-options.js';

/** Rollout options of the figures of models of states, which pixel figures do not take. */
const STATE_ONLY = { x0: '--x0', tEnd: '--t-end', points: '--points' } as const;

/**
 * Draws one figure of a pixel model on the test trajectories of the pixel data it was trained on:
 * `phase` its latent space, `energy` the energy along a rollout, `rollout` a GIF of the true frames
 * beside the frames it decodes from its latent rollout (with `--state`, of the pendulum through that
 * state instead of a test trajectory). Returns the path written.
 */
export async function plotPixelModel(file: PixelModelFile, path: string, flags: PlotFlags): Promise<string> {
  const stateOnly = (Object.keys(STATE_ONLY) as (keyof typeof STATE_ONLY)[]).find((k) => flags[k] !== undefined);
  if (stateOnly) throw new UsageError(`${STATE_ONLY[stateOnly]} applies to models of states; ${path} is a pixel model (its figures use the test trajectories of its pixel data)`);
  if (flags.kind === 'hamiltonian' || flags.kind === 'dissipation') {
    throw new UsageError(`--kind hamiltonian compares the learned H with the true H over states; ${path} is a pixel model, whose H lives in its latent space (--kind phase draws it)`);
  }
  const animation = flags.kind === 'rollout';
  const out = flags.out ?? join(dirname(path), `${fileStem(path)}-${flags.kind}${animation ? '.gif' : '.svg'}`);
  const ext = extname(out).toLowerCase();
  if (animation && ext !== '.gif') throw new UsageError(`the rollout of a pixel model is an animation: --out must end in .gif, got ${out}`);
  if (!animation && !(FIGURE_FORMATS as readonly string[]).includes(ext)) throw new UsageError(`--out ${out}: use ${FIGURE_FORMATS.join(' or ')} (or .gif with --kind rollout)`);
  if (flags.state && !animation) throw new UsageError(`--state applies to --kind rollout (the ${flags.kind} figure uses the test trajectories of the model's pixel data)`);
  if (flags.state && flags.trajectory !== undefined) throw new UsageError('--state and --trajectory both choose the rollout; use one');
  const model = modelFromFile(file, kernelsFor(flags));
  const kind = modelKindOf(file);
  const labelled = [{ label: kind === 'hnn' ? 'HNN' : 'BASELINE', model }];
  if (flags.state) {
    const frames = storedPixelDatasetOptions(file, path).framesPerTrial - 3;
    writeFileAtomic(out, stateRolloutAnimation(labelled, ...flags.state, frames, frameSide(file, path)));
    return out;
  }
  const dataset = familyOf(file, path, flags).data(file, path, flags) as PixelDataset;
  const trajectory = flags.trajectory ?? 0;
  const count = testTrajectories(dataset).starts.length;
  if (trajectory >= count) throw new UsageError(`--trajectory ${trajectory}: the test split of ${path}'s pixel data holds ${count} trajectories (0–${count - 1})`);
  if (animation) writeFileAtomic(out, rolloutAnimation(labelled, dataset, trajectory));
  else await writeFigure(out, pixelModelFigure(flags.kind === 'phase' ? 'phase' : 'energy', kind, model, dataset, trajectory).figure);
  return out;
}
