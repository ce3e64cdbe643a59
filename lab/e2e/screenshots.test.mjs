// Screenshots of every view, for people to look at (CI keeps the folder the test prints): the
// spring trained side by side with time reversal and added energy, the pendulum, the two-body
// orbits, training in progress, an inline error, the page at phone width and without isolation.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { clickPlane, errorMessage, openLab, shot, SHOTS, startLab, waitForPhase } from './harness.mjs';

const VIEWS = ['loss', 'phase', 'energy', 'hamiltonian', 'scene', 'reversal'];
let lab;

before(async () => {
  lab = await startLab();
  console.log(`# screenshots: ${SHOTS}`);
});
after(() => lab.close());

/** Screenshots of each view section of the page, named `<prefix>-<view>.png`. */
async function viewShots(page, prefix, views = VIEWS) {
  for (const v of views) await page.locator(`#view-${v}`).screenshot({ path: shot(`${prefix}-${v}`) });
}

test('spring: both models, rollouts run back in time after adding energy, every view', async () => {
  const { page, errors, close } = await openLab(lab.browser, `${lab.isolated}?system=spring&model=both&steps=300&seed=0&reverse=1&energy=0.2&autostart=1`);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=train-status]').dataset.step) >= 120, null, { timeout: 120_000 });
  await page.screenshot({ path: shot('spring-training-in-progress-1280x800') });
  await waitForPhase(page, 'done', { step: 300 });
  await clickPlane(page, 0.6, 0);
  await page.waitForFunction(() => document.querySelectorAll('#reversal-body [data-return-error]').length === 3, null, { timeout: 60_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: shot('spring-page-1280x800') });
  await viewShots(page, 'spring');
  assert.deepEqual(errors, []);
  await close();
});

test('pendulum and two-body: phase plane, H maps, the swinging pendulum and the orbits', async () => {
  const pendulum = await openLab(lab.browser, `${lab.isolated}?system=pendulum&model=both&steps=300&autostart=1`);
  await waitForPhase(pendulum.page, 'done', { step: 300 });
  await pendulum.page.waitForTimeout(2000);
  await viewShots(pendulum.page, 'pendulum', ['phase', 'energy', 'hamiltonian', 'scene']);
  assert.deepEqual(pendulum.errors, []);
  await pendulum.close();
  const orbit = await openLab(lab.browser, `${lab.isolated}?system=two-body&model=both&steps=300&autostart=1`);
  await waitForPhase(orbit.page, 'done', { step: 300, timeout: 300_000 });
  await clickPlane(orbit.page, 1, 0.5);
  // Body 1 at (1, 0.5): the first and third canonical coordinates.
  await orbit.page.waitForFunction(() => {
    const s = JSON.parse(document.getElementById('energy-summary').dataset.start || '[]');
    return s[0] === 1 && s[2] === 0.5;
  });
  await orbit.page.waitForTimeout(2500);
  await orbit.page.screenshot({ path: shot('two-body-page-1280x800') });
  await viewShots(orbit.page, 'two-body', ['loss', 'phase', 'energy', 'hamiltonian', 'scene']);
  assert.deepEqual(orbit.errors, []);
  await orbit.close();
});

test('an inline error, the phone width and the page without cross-origin isolation', async () => {
  const { page, errors, close } = await openLab(lab.browser, `${lab.isolated}?system=spring&model=both&steps=200&autostart=1`);
  await waitForPhase(page, 'done', { step: 200 });
  const foreign = join(tmpdir(), 'not-a-model.json');
  writeFileSync(foreign, JSON.stringify({ format: 'something-else', version: 3 }));
  await page.setInputFiles('[data-testid=import-model]', foreign);
  await page.waitForFunction(() => !document.querySelector('[data-testid=error-message]').hidden);
  assert.match(await errorMessage(page), /format/);
  await page.screenshot({ path: shot('error-message-1280x800') });
  assert.deepEqual(errors, []);
  await close();
  const phone = await openLab(lab.browser, `${lab.isolated}?system=spring&model=both&steps=200&autostart=1`, { width: 390, height: 844 });
  await waitForPhase(phone.page, 'done', { step: 200 });
  await phone.page.waitForTimeout(1500);
  await phone.page.screenshot({ path: shot('phone-390-top') });
  await phone.page.screenshot({ path: shot('phone-390-full'), fullPage: true });
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone's screen`);
  assert.deepEqual(phone.errors, []);
  await phone.close();
  const plain = await openLab(lab.browser, `${lab.plain}?system=spring&model=hnn&steps=50&autostart=1`);
  await waitForPhase(plain.page, 'done', { step: 50 });
  await plain.page.screenshot({ path: shot('not-isolated-1280x800'), clip: { x: 0, y: 0, width: 1280, height: 400 } });
  assert.deepEqual(plain.errors, []);
  await plain.close();
});
