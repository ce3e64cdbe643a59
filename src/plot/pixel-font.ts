/** Glyphs 5 pixels wide and 7 high for the capital letters the pixel animation's labels use. */
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  B: ['####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  I: ['.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  N: ['#...#', '##..#', '#.#.#', '#.#.#', '#..##', '#...#', '#...#'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  U: ['#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  ' ': ['.....', '.....', '.....', '.....', '.....', '.....', '.....'],
};

/** Glyph size in font pixels, and the advance from one letter to the next. */
export const GLYPH = { width: 5, height: 7, advance: 6 } as const;

/** Width in image pixels of `text` drawn at `scale`. */
export function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * GLYPH.advance - 1) * scale;
}

/** Draws `text` (letters of the label font) into a grey image `width` wide, top-left at (x, y), each font pixel scale × scale, with `value`. */
export function drawText(image: Float64Array, width: number, text: string, x: number, y: number, scale: number, value: number): void {
  [...text].forEach((ch, i) => {
    const glyph = GLYPHS[ch];
    if (!glyph) throw new RangeError(`drawText: no glyph for "${ch}" (the label font has ${Object.keys(GLYPHS).join('').trim()} and space)`);
    glyph.forEach((row, r) => {
      for (let c = 0; c < GLYPH.width; c++) {
        if (row[c] !== '#') continue;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) image[(y + r * scale + dy) * width + x + (i * GLYPH.advance + c) * scale + dx] = value;
        }
      }
    });
  });
}
