import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GifReader } from 'omggif';
import { encodeGreyGif } from '../src/plot/gif.js';
import { sideBySideGif } from '../src/plot/pixel-animation.js';
import { drawText, textWidth } from '../src/plot/pixel-font.js';

/** The grey level of pixel i of a decoded RGBA frame, with R = G = B checked. */
function grey(rgba: Uint8Array, i: number): number {
  assert.ok(rgba[4 * i] === rgba[4 * i + 1] && rgba[4 * i] === rgba[4 * i + 2]);
  return rgba[4 * i]!;
}

test('encodeGreyGif: a valid looping GIF89a with the frames, size, delay and grey levels given', () => {
  const [w, h] = [5, 4];
  const frames = [0, 1, 2].map((f) => Float64Array.from({ length: w * h }, (_, i) => ((i + f) % 7) / 6));
  frames[2]![0] = 1.7; // clipped to white
  frames[2]![1] = -0.2; // clipped to black
  const bytes = encodeGreyGif(frames, w, h, 50);
  assert.equal(Buffer.from(bytes.subarray(0, 6)).toString('latin1'), 'GIF89a');
  assert.equal(bytes[6]! | (bytes[7]! << 8), w);
  assert.equal(bytes[8]! | (bytes[9]! << 8), h);
  assert.equal(bytes[bytes.length - 1], 0x3b, 'trailer');
  const reader = new GifReader(bytes);
  assert.equal(reader.numFrames(), 3);
  assert.equal(reader.loopCount(), 0);
  const rgba = new Uint8Array(w * h * 4);
  frames.forEach((frame, f) => {
    assert.equal(reader.frameInfo(f).delay, 5);
    reader.decodeAndBlitFrameRGBA(f, rgba);
    for (let i = 0; i < w * h; i++) assert.equal(grey(rgba, i), Math.round(Math.min(1, Math.max(0, frame[i]!)) * 255));
  });
  assert.throws(() => encodeGreyGif([], w, h), /no frames/);
  assert.throws(() => encodeGreyGif([new Float64Array(3)], w, h), /frame 0 has 3 values/);
});

test('sideBySideGif: panels scaled side by side under their labels, one GIF frame per step', () => {
  const side = 3;
  const steps = 4;
  const panel = (v: number) => Array.from({ length: steps }, (_, k) => new Float64Array(side * side).fill(k === 0 ? v : 0.5));
  const gif = sideBySideGif([{ label: 'TRUTH', frames: panel(0) }, { label: 'HNN', frames: panel(1) }], side, { scale: 10, delayMs: 100 });
  const reader = new GifReader(gif);
  assert.equal(reader.numFrames(), steps);
  const panelSize = 30;
  assert.equal(reader.width, 8 + 2 * (panelSize + 8));
  const labelBand = 7 * 2 + 8;
  assert.equal(reader.height, 8 + labelBand + panelSize + 8);
  const rgba = new Uint8Array(reader.width * reader.height * 4);
  reader.decodeAndBlitFrameRGBA(0, rgba);
  const at = (x: number, y: number): number => grey(rgba, y * reader.width + x);
  const top = 8 + labelBand;
  assert.equal(at(8 + 15, top + 15), 0, 'first panel black');
  assert.equal(at(8 + panelSize + 8 + 15, top + 15), 255, 'second panel white');
  assert.equal(at(4, top + 15), 255, 'white margin');
  let ink = 0;
  for (let y = 8; y < 8 + 14; y++) for (let x = 0; x < reader.width; x++) ink += at(x, y) === 0 ? 1 : 0;
  assert.ok(ink > 50, 'labels drawn');
  assert.throws(() => sideBySideGif([{ label: 'HNN', frames: panel(0) }, { label: 'HNN', frames: panel(0).slice(1) }], side), /frames; they must be equal/);
});

test('label font: text width, and an error naming a letter it lacks', () => {
  assert.equal(textWidth('HNN', 2), (3 * 6 - 1) * 2);
  const image = new Float64Array(40 * 10);
  drawText(image, 40, 'I', 0, 0, 1, 1);
  assert.equal(image[1], 1);
  assert.equal(image[0], 0);
  assert.throws(() => drawText(image, 40, 'Q', 0, 0, 1, 1), /no glyph for "Q"/);
});
