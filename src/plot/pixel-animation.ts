import { encodeGreyGif } from './gif.js';
import { drawText, GLYPH, textWidth } from './pixel-font.js';

/** One panel of a side-by-side animation: its label (capital letters) and its frames (side × side grey values in [0, 1]). */
export interface AnimationPanel {
  readonly label: string;
  readonly frames: readonly ArrayLike<number>[];
}

/** How the panels are laid out: each frame pixel becomes scale × scale pixels; `delayMs` per frame. */
export interface AnimationOptions {
  readonly scale?: number;
  readonly delayMs?: number;
}

/** White space around and between panels, and the label's font scale, in image pixels. */
const GAP = 8;
const LABEL_SCALE = 2;

/**
 * A looping GIF of several frame sequences side by side (e.g. ground truth, HNN and baseline decoded
 * frames), each panel labelled above on a white band; all panels must have the same number of frames.
 */
export function sideBySideGif(panels: readonly AnimationPanel[], side: number, options: AnimationOptions = {}): Uint8Array {
  const scale = options.scale ?? 4;
  if (panels.length === 0) throw new RangeError('sideBySideGif: no panels');
  const count = panels[0]!.frames.length;
  if (panels.some((p) => p.frames.length !== count)) throw new RangeError(`sideBySideGif: panels have ${panels.map((p) => p.frames.length).join(', ')} frames; they must be equal`);
  const panelSize = side * scale;
  const labelBand = GLYPH.height * LABEL_SCALE + GAP;
  const width = GAP + panels.length * (panelSize + GAP);
  const height = GAP + labelBand + panelSize + GAP;
  const background = new Float64Array(width * height).fill(1);
  panels.forEach((panel, i) => {
    const left = GAP + i * (panelSize + GAP);
    const x = left + Math.max(0, Math.floor((panelSize - textWidth(panel.label, LABEL_SCALE)) / 2));
    drawText(background, width, panel.label, x, GAP, LABEL_SCALE, 0);
  });
  const frames = Array.from({ length: count }, (_, k) => {
    const image = Float64Array.from(background);
    panels.forEach((panel, i) => {
      const frame = panel.frames[k]!;
      if (frame.length !== side * side) throw new RangeError(`sideBySideGif: panel "${panel.label}" frame ${k} has ${frame.length} values, expected ${side * side}`);
      const left = GAP + i * (panelSize + GAP);
      for (let y = 0; y < panelSize; y++) {
        const row = (GAP + labelBand + y) * width + left;
        const source = Math.floor(y / scale) * side;
        for (let x = 0; x < panelSize; x++) image[row + x] = frame[source + Math.floor(x / scale)]!;
      }
    });
    return image;
  });
  return encodeGreyGif(frames, width, height, options.delayMs);
}
