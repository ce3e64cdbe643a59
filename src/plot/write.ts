import { extname } from 'node:path';
import { writeFileAtomic } from '../node/files.js';
import { InputError } from '../core/errors.js';
import { renderPng } from './png.js';
import { renderSvg, type Figure } from './render.js';

/** File formats a figure can be written in, by extension. */
export const FIGURE_FORMATS = ['.svg', '.png'] as const;

/** Renders a figure and writes it atomically as SVG or PNG, chosen by the path's extension. */
export async function writeFigure(path: string, figure: Figure): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (!(FIGURE_FORMATS as readonly string[]).includes(ext)) {
    throw new InputError(`${path}: cannot tell the figure format from "${ext || 'no extension'}"; use ${FIGURE_FORMATS.join(' or ')}`);
  }
  const svg = await renderSvg(figure);
  writeFileAtomic(path, ext === '.svg' ? svg : await renderPng(svg));
}
