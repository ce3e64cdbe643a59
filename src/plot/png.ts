import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { FONT_FAMILY } from './style.js';

const require = createRequire(import.meta.url);

/** The resvg WebAssembly module and the font, loaded once from node_modules (no network). */
let ready: Promise<Uint8Array> | null = null;

/** Initialises resvg from its .wasm file and reads DejaVu Sans from the `dejavu-fonts-ttf` package. */
function loadRenderer(): Promise<Uint8Array> {
  ready ??= (async () => {
    await initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    return new Uint8Array(readFileSync(join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf')));
  })();
  return ready;
}

/** PNG size: `width` in pixels (height follows the aspect ratio); default twice the SVG's own width. */
export interface PngOptions {
  readonly width?: number;
}

/** Rasterises an SVG document to PNG bytes with resvg (WebAssembly) and the bundled DejaVu Sans font. */
export async function renderPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  const { width } = options;
  if (width !== undefined && !(Number.isInteger(width) && width > 0 && width <= 16384)) {
    throw new RangeError(`PNG width must be an integer from 1 to 16384, got ${width}`);
  }
  const font = await loadRenderer();
  const resvg = new Resvg(svg, {
    font: { fontBuffers: [font], defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: width === undefined ? { mode: 'zoom', value: 2 } : { mode: 'width', value: width },
    background: 'white',
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
