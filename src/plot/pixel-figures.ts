import { join } from 'node:path';
import { canonicalRollouts, pixelEnergies } from '../eval/pixel-energy.js';
import { latentCodes, rollOutLatent, testTrajectories, type LatentModel } from '../eval/pixel-rollout.js';
import { writeFileAtomic } from '../node/files.js';
import type { ModelKind } from '../models/types.js';
import { pendulumFramesThrough, type PixelDataset } from '../systems/pixel-pendulum/dataset.js';
import { pixelInputs } from '../models/pixel-pairs.js';
import { lineFigure } from './line-figure.js';
import { sideBySideGif } from './pixel-animation.js';
import { latentPhaseFigure, type LatentPanel } from './pixel-latent-figure.js';
import { boxAround, sampleField } from './phase.js';
import { PALETTE, SERIES_LABEL } from './style.js';
import { writeCaptionedFigures, type CaptionedFigure, type WrittenFigure } from './task-figures.js';

/** The two trained pixel models the figures compare. */
export interface PixelModels {
  readonly baseline: LatentModel;
  readonly hnn: LatentModel;
}

/** A written animation: its GIF path and caption. */
export interface WrittenAnimation {
  readonly name: string;
  readonly caption: string;
  readonly gif: string;
}

/** Test trajectories whose rollouts the latent figure draws. */
const PHASE_PATHS = 4;

/** The latent figure shows the codes of every this many test inputs. */
const CODE_STRIDE = 4;

/** Frame period of the pendulum data (Gym's dt), so the animation plays in real time. */
const FRAME_MS = 50;

/** The model kinds, in the paper's order. */
const KINDS = ['baseline', 'hnn'] as const;

/** The first `count` test trajectories (fewer when the test split holds fewer). */
function firstTrajectories(dataset: PixelDataset, count: number): { starts: Int32Array; points: number } {
  const { starts, points } = testTrajectories(dataset);
  if (starts.length === 0) throw new RangeError('pixel figures: the test split holds no complete trajectory');
  return { starts: starts.subarray(0, count), points };
}

/** A figure `pixelModelFigure` draws of one pixel model: its latent space, or the energy along a rollout. */
export type PixelPlotKind = 'phase' | 'energy';

/** A model with the label an animation shows above its frames. */
export interface LabelledLatentModel {
  readonly label: string;
  readonly model: LatentModel;
}

/** Test trajectory `trajectory`: its first row in the test split and its length in frames. */
function trajectoryOf(dataset: PixelDataset, trajectory: number): { start: number; points: number } {
  const { starts, points } = testTrajectories(dataset);
  if (!(Number.isInteger(trajectory) && trajectory >= 0 && trajectory < starts.length)) {
    throw new RangeError(`pixel figures: trajectory ${trajectory} is not one of the ${starts.length} test trajectories`);
  }
  return { start: starts[trajectory]!, points };
}

/** One model's latent panel: every CODE_STRIDE-th encoded test input, its latent field, rollouts from `starts`. */
function latentPanel(kind: ModelKind, model: LatentModel, dataset: PixelDataset, starts: Int32Array, points: number): LatentPanel {
  const shown = Int32Array.from({ length: Math.ceil(dataset.test.first.length / CODE_STRIDE) }, (_, i) => i * CODE_STRIDE);
  const codes = latentCodes(model, dataset.test, shown);
  return {
    title: `${SERIES_LABEL[kind]}: latent (z_q, z_p)`,
    color: PALETTE[kind],
    codes,
    rollouts: rollOutLatent(model, latentCodes(model, dataset.test, starts), points),
    points,
    field: sampleField((z) => model.latentTimeDerivative(z), boxAround([codes])),
  };
}

/** The latent figure of `panels` rolled out from `paths` test trajectories, with its caption. */
function latentFigure(panels: LatentPanel[], paths: number): CaptionedFigure {
  return {
    name: 'pixel-pendulum-latent',
    caption: `Pixel pendulum: ${panels.length > 1 ? "each model's" : "the model's"} latent space — every ${CODE_STRIDE}th encoded test input (grey), its latent vector field (arrows) and latent rollouts (RK4, one frame per step) from the first ${paths} test trajectories.`,
    figure: latentPhaseFigure(panels, "Pixel pendulum: latent space (the paper's Figure 4)"),
  };
}

/**
 * The energy figure along test trajectory `trajectory`: the true energy and each model's, along its
 * latent rollout from the trajectory's first input mapped to canonical coordinates.
 */
function energyFigure(models: readonly [ModelKind, LatentModel][], dataset: PixelDataset, trajectory: number): CaptionedFigure {
  const { start, points } = trajectoryOf(dataset, trajectory);
  const t = Float64Array.from({ length: points }, (_, k) => k);
  const truth = { label: SERIES_LABEL.truth, color: PALETTE.truth, t, values: pixelEnergies(dataset.test.coords.subarray(2 * start, 2 * (start + points))) };
  const series = models.map(([kind, model]) => ({
    label: SERIES_LABEL[kind],
    color: PALETTE[kind],
    t,
    values: pixelEnergies(canonicalRollouts(model, dataset, Int32Array.of(start), points).coords),
  }));
  const which = trajectory === 0 ? 'the first test trajectory' : `test trajectory ${trajectory}`;
  return {
    name: 'pixel-pendulum-energy',
    caption: `Pixel pendulum: energy 1.875(1 − cos q) + p² along ${which} (${points} frames) and along ${models.length > 1 ? "each model's" : "the model's"} latent rollout from its first input, mapped to (θ, 0.25·θ̇) by the affine map fitted on the training codes.`,
    figure: lineFigure({ title: 'Pixel pendulum: energy along the rollouts', yTitle: 'E(q, p)', xTitle: 'frame', series: [truth, ...series], minSpan: 0.05 }),
  };
}

/**
 * The pixel task's figures: each model's latent space (encoded test inputs, its latent field and
 * rollouts from the first test trajectories, as the paper's Figure 4) and the pendulum energy along
 * the first test trajectory and along each model's rollout mapped to canonical coordinates.
 */
export function pixelFigures(models: PixelModels, dataset: PixelDataset): CaptionedFigure[] {
  const { starts, points } = firstTrajectories(dataset, PHASE_PATHS);
  const panels = KINDS.map((kind) => latentPanel(kind, models[kind], dataset, starts, points));
  return [latentFigure(panels, starts.length), energyFigure(KINDS.map((kind) => [kind, models[kind]]), dataset, 0)];
}

/**
 * One figure of a single pixel model (`kind` its latent dynamics): `phase`, its latent space with
 * rollouts from the first test trajectories; `energy`, the energy along test trajectory `trajectory`
 * and along the model's rollout from it.
 */
export function pixelModelFigure(plot: PixelPlotKind, kind: ModelKind, model: LatentModel, dataset: PixelDataset, trajectory = 0): CaptionedFigure {
  if (plot === 'energy') return energyFigure([[kind, model]], dataset, trajectory);
  const { starts, points } = firstTrajectories(dataset, PHASE_PATHS);
  return latentFigure([latentPanel(kind, model, dataset, starts, points)], starts.length);
}

/**
 * A GIF of test trajectory `trajectory` played in real time: the true frames beside the frames each
 * model decodes from its latent rollout started at the trajectory's first input.
 */
export function rolloutAnimation(models: readonly LabelledLatentModel[], dataset: PixelDataset, trajectory = 0): Uint8Array {
  const { start, points } = trajectoryOf(dataset, trajectory);
  const { frames, first, framePixels } = dataset.test;
  const truth = Array.from({ length: points }, (_, k) => frames.subarray(first[start + k]! * framePixels, (first[start + k]! + 1) * framePixels));
  return rolloutGif(models, truth, pixelInputs(dataset.test, Int32Array.of(start)), dataset.side);
}

/**
 * A GIF of `points` frames of the Gym pendulum through the state (q, p) = (θ, 0.25·θ̇), played in real
 * time, beside the frames each model decodes from its latent rollout started at the code of the
 * frame pair that shows that state — a start of the user's choosing, inside or outside the data's range.
 */
export function stateRolloutAnimation(models: readonly LabelledLatentModel[], q: number, p: number, points: number, side: number): Uint8Array {
  const frames = pendulumFramesThrough(q, p, points, side);
  const framePixels = side * side;
  const truth = Array.from({ length: points }, (_, k) => frames.subarray(k * framePixels, (k + 1) * framePixels));
  return rolloutGif(models, truth, Float64Array.from(frames.subarray(0, 2 * framePixels)), side);
}

/** The true frames beside each model's decoded latent rollout from the code of `startInput` (one input, two frames). */
function rolloutGif(models: readonly LabelledLatentModel[], truth: readonly ArrayLike<number>[], startInput: Float64Array, side: number): Uint8Array {
  const framePixels = side * side;
  const points = truth.length;
  const decoded = (model: LatentModel): Float64Array[] => {
    const x = model.decode(rollOutLatent(model, model.encode(startInput), points));
    // Each decoded input is two frames; the first is the frame at this step.
    return Array.from({ length: points }, (_, k) => x.subarray(k * 2 * framePixels, k * 2 * framePixels + framePixels));
  };
  const panels = [{ label: 'TRUTH', frames: truth }, ...models.map(({ label, model }) => ({ label, frames: decoded(model) }))];
  return sideBySideGif(panels, side, { delayMs: FRAME_MS });
}

/**
 * A GIF of a test trajectory (default the first) played in real time: the true frames beside the
 * frames the HNN and the baseline decode from their latent rollouts started at its first input.
 */
export function pixelAnimation(models: PixelModels, dataset: PixelDataset, trajectory = 0): Uint8Array {
  return rolloutAnimation(
    [
      { label: 'HNN', model: models.hnn },
      { label: 'BASELINE', model: models.baseline },
    ],
    dataset,
    trajectory,
  );
}

/**
 * Writes the pixel task's figures (`<name>.svg` and `.png`) and its animation
 * (`pixel-pendulum-rollout.gif`) into `outDir`, atomically, and returns their paths and captions.
 */
export async function writePixelFigures(outDir: string, models: PixelModels, dataset: PixelDataset): Promise<{ figures: WrittenFigure[]; animations: WrittenAnimation[] }> {
  const figures = await writeCaptionedFigures(outDir, pixelFigures(models, dataset));
  const gif = join(outDir, 'pixel-pendulum-rollout.gif');
  writeFileAtomic(gif, pixelAnimation(models, dataset));
  const points = dataset.inputsPerTrial;
  const caption = `Pixel pendulum: the first test trajectory (${points} frames, real time), left to right: true frames, and the frames the HNN and the baseline decode from their latent rollouts started at its first input.`;
  return { figures, animations: [{ name: 'pixel-pendulum-rollout', caption, gif }] };
}
