import { GifWriter } from 'omggif';

/** GIF delays are counted in hundredths of a second. */
const CENTISECOND_MS = 10;

/**
 * A looping grey-scale GIF (256 grey levels) of frames of width × height values in [0, 1], 0 black,
 * row-major; values outside [0, 1] are clipped. Each frame is shown `delayMs` (rounded to 10 ms).
 */
export function encodeGreyGif(frames: readonly ArrayLike<number>[], width: number, height: number, delayMs = 50): Uint8Array {
  if (frames.length === 0) throw new RangeError('encodeGreyGif: no frames');
  if (!(Number.isInteger(width) && width >= 1 && width <= 65535 && Number.isInteger(height) && height >= 1 && height <= 65535)) {
    throw new RangeError(`encodeGreyGif: width and height must be integers from 1 to 65535, got ${width} × ${height}`);
  }
  const pixels = width * height;
  const palette = Array.from({ length: 256 }, (_, i) => (i << 16) | (i << 8) | i);
  // LZW with at most 12-bit codes for 8-bit pixels stays below 1.5 bytes a pixel, plus block lengths and headers.
  const buffer = new Uint8Array(1024 + frames.length * (2 * pixels + 64));
  const writer = new GifWriter(buffer, width, height, { palette, loop: 0 });
  const indexed = new Array<number>(pixels);
  const delay = Math.max(1, Math.round(delayMs / CENTISECOND_MS));
  frames.forEach((frame, f) => {
    if (frame.length !== pixels) throw new RangeError(`encodeGreyGif: frame ${f} has ${frame.length} values, expected ${width} × ${height} = ${pixels}`);
    for (let i = 0; i < pixels; i++) {
      const v = frame[i]!;
      indexed[i] = v >= 1 ? 255 : v > 0 ? Math.round(v * 255) : 0;
    }
    writer.addFrame(0, 0, width, height, indexed, { delay });
  });
  return buffer.slice(0, writer.end());
}
