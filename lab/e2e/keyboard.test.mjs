// Keyboard and labels: every control has a name a screen reader reads, training starts from the
// keyboard, and the phase plane's cursor moves with the arrow keys and starts rollouts with Enter.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { energyChanges, openLab, startLab, waitForPhase } from './harness.mjs';

let lab;
before(async () => (lab = await startLab()));
after(() => lab.close());

test('every control is labelled; Start, the plane cursor and Enter work from the keyboard', async () => {
  const { page, errors, close } = await openLab(lab.browser, `${lab.isolated}?system=spring&model=hnn&steps=30`);
  await waitForPhase(page, 'ready');
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, button, [tabindex]')]
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => !((el.labels && el.labels[0]?.textContent.trim()) || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent.trim())))
      .map((el) => el.id || el.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unnamed, [], 'controls without a label');
  await page.focus('[data-testid=start]');
  await page.keyboard.press('Enter');
  await waitForPhase(page, 'done', { step: 30 });
  // The cursor starts at the rollouts' start (1, 0); steps of a twentieth of the box, rounded: 0.2.
  await page.focus('[data-testid=phase-plane]');
  for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowUp']) await page.keyboard.press(key);
  await page.keyboard.press('Enter');
  const changes = await energyChanges(page, [0.6, 0.2]);
  assert.ok(changes.hnn >= 0 && changes.truth >= 0);
  assert.equal(await page.inputValue('#start-u'), '0.6');
  assert.equal(await page.inputValue('#start-v'), '0.2');
  assert.deepEqual(errors, []);
  await close();
});
