import assert from 'node:assert/strict';
import { test } from 'node:test';
import { embeddedKernelBytes } from '../src/kernels/wasm-module.js';
import { packagedKernelBytes } from '../src/node/kernels.js';

test('the .wasm files hnn/node reads are the kernels the core embeds, byte for byte', () => {
  for (const kind of ['shared', 'plain'] as const) {
    const file = packagedKernelBytes(kind);
    assert.ok(file, `dist/wasm/kernels-${kind}.wasm is missing`);
    assert.deepEqual(new Uint8Array(file), embeddedKernelBytes(kind), kind);
    assert.deepEqual([...file.subarray(0, 4)], [0, 0x61, 0x73, 0x6d], `${kind}: not a WebAssembly module`);
  }
});
