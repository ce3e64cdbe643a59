const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The two characters of every 12-bit group, as one little-endian 16-bit word of ASCII codes. */
const PAIRS = new Uint16Array(4096);
for (let i = 0; i < 4096; i++) PAIRS[i] = ALPHABET.charCodeAt(i >> 6) | (ALPHABET.charCodeAt(i & 63) << 8);

const ascii = new TextDecoder();

/** Standard base64 (RFC 4648, padded) of `bytes`; a table lookup per 12 bits, fast for megabytes where `btoa` is not. */
export function encodeBase64(bytes: Uint8Array): string {
  const full = bytes.length - (bytes.length % 3);
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const words = new Uint16Array(out.buffer);
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const group = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    words[o++] = PAIRS[group >> 12]!;
    words[o++] = PAIRS[group & 4095]!;
  }
  const rest = bytes.length - full;
  if (rest > 0) {
    const group = (bytes[full]! << 16) | (rest === 2 ? bytes[full + 1]! << 8 : 0);
    const at = 2 * o;
    out[at] = ALPHABET.charCodeAt(group >> 18);
    out[at + 1] = ALPHABET.charCodeAt((group >> 12) & 63);
    out[at + 2] = rest === 2 ? ALPHABET.charCodeAt((group >> 6) & 63) : 61;
    out[at + 3] = 61;
  }
  return ascii.decode(out);
}
