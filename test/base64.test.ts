import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeBase64 } from '../src/core/base64.js';
import { Random } from '../src/core/random.js';

test('encodeBase64 equals Node’s base64 for every length 0–64 and a megabyte of random bytes', () => {
  const rng = new Random(7);
  for (const n of [...Array.from({ length: 65 }, (_, i) => i), 1 << 20]) {
    const bytes = Uint8Array.from({ length: n }, () => Math.floor(rng.uniform() * 256));
    assert.equal(encodeBase64(bytes), Buffer.from(bytes).toString('base64'), `length ${n}`);
  }
});

test('encodeBase64 reads a view at an offset, not its whole buffer', () => {
  const values = Float32Array.of(1, -2.5, 3e38, 7);
  const view = new Uint8Array(values.buffer, 4, 8);
  assert.equal(encodeBase64(view), Buffer.from(values.buffer, 4, 8).toString('base64'));
  assert.deepEqual(new Float32Array(Uint8Array.from(atob(encodeBase64(view)), (c) => c.charCodeAt(0)).buffer), Float32Array.of(-2.5, 3e38));
});
