// The lab draws with the figures' palette: its colours (lab/src/palette.ts) are those of
// src/plot/style.ts PALETTE, which the lab does not import (its views stay free of hnn/plot).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './harness.mjs';

test("the lab's colours are the figures' (truth black, baseline vermillion, HNN blue, data grey)", async () => {
  const { PALETTE } = await import(join(ROOT, 'dist', 'src', 'plot', 'style.js'));
  const text = readFileSync(join(ROOT, 'lab', 'src', 'palette.ts'), 'utf8');
  for (const key of ['truth', 'baseline', 'hnn', 'data']) {
    const match = text.match(new RegExp(`\\b${key}: '(#[0-9A-Fa-f]{6})'`));
    assert.ok(match, `lab/src/palette.ts has no colour for ${key}`);
    assert.equal(match[1].toLowerCase(), PALETTE[key].toLowerCase(), `${key}`);
  }
});
