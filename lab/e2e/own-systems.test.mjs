// Your own system in the lab against the command line: (d) the Hamiltonian p^2/2 + q^4/4 typed in
// trains to the test loss of `hnn train --hamiltonian`, and its exported model evaluates in Node;
// (e) a CSV of trajectories dropped on the page trains to the test loss of `hnn train --data`, and its
// exported model evaluates in Node on that file.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cli, dropFile, errorMessage, FLOAT32_TOLERANCE, openLab, relative, shot, startLab, status, waitForPhase } from './harness.mjs';

const EXPRESSION = 'p^2/2 + q^4/4';
const STEPS = 200;
const work = mkdtempSync(join(tmpdir(), 'hnn-lab-own-'));
let lab;

before(async () => (lab = await startLab()));
after(() => lab.close());

/** Trajectories of the spring H = q² + p² (q = r cos(2t + φ), p = −r sin(2t + φ)), as a CSV with a trajectory column. */
export function springCsv(trajectories = 12, points = 31) {
  const lines = ['trajectory,t,q,p'];
  for (let k = 0; k < trajectories; k++) {
    const r = 0.3 + (0.6 * k) / (trajectories - 1);
    const phase = (2.4 * k) % (2 * Math.PI);
    for (let i = 0; i < points; i++) {
      const t = (3 * i) / (points - 1);
      lines.push(`${k},${t.toFixed(4)},${(r * Math.cos(2 * t + phase)).toFixed(6)},${(-r * Math.sin(2 * t + phase)).toFixed(6)}`);
    }
  }
  return lines.join('\n') + '\n';
}

test(`(d) the expression ${EXPRESSION} trains to the CLI's test loss; its model file evaluates in Node`, async () => {
  const reference = cli(['train', '--hamiltonian', EXPRESSION, '--model', 'hnn', '--steps', String(STEPS), '--seed', '0', '--backend', 'wasm', '--quiet', '--out', join(work, 'expression-cli.json')]);
  const { page, errors, close } = await openLab(lab.browser, `${lab.isolated}?system=spring&model=hnn&steps=${STEPS}`);
  await waitForPhase(page, 'ready');
  await page.selectOption('#system', 'expression');
  await page.fill('[data-testid=expression-input]', EXPRESSION);
  await page.press('[data-testid=expression-input]', 'Enter');
  await page.waitForFunction((e) => document.getElementById('phase-title') && document.querySelector('#system').value === 'expression' && document.querySelector('[data-testid=train-status]').dataset.phase === 'ready' && document.querySelector('[data-testid=expression-input]').value === e, EXPRESSION);
  await page.fill('#steps', String(STEPS));
  await page.press('#steps', 'Tab');
  await page.click('[data-testid=start]');
  const s = await waitForPhase(page, 'done', { step: STEPS });
  console.log(`# ${EXPRESSION}: page test loss ${s.testLoss} vs CLI ${reference.testLoss.mean}`);
  assert.ok(relative(Number(s.testLoss), reference.testLoss.mean) <= FLOAT32_TOLERANCE);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-model]')]);
  const exported = join(work, 'expression-hnn.json');
  await download.saveAs(exported);
  const evaluated = cli(['evaluate', exported, '--backend', 'wasm']);
  assert.ok(relative(evaluated.testLoss.mean, Number(s.testLoss)) <= FLOAT32_TOLERANCE, `hnn evaluate ${evaluated.testLoss.mean} vs page ${s.testLoss}`);
  assert.match(page.url(), /system=expression&expr=p%5E2%2F2\+%2B\+q%5E4%2F4/);
  await page.waitForTimeout(1500);
  for (const view of ['phase', 'hamiltonian', 'scene']) await page.locator(`#view-${view}`).screenshot({ path: shot(`expression-${view}`) });
  assert.equal(await errorMessage(page), null);
  assert.deepEqual(errors, []);
  await close();
  // The CLI's model of the expression, imported on a spring page, brings its system along (the file's recipe).
  const fresh = await openLab(lab.browser, `${lab.isolated}?system=spring&model=hnn&steps=10`);
  await waitForPhase(fresh.page, 'ready');
  await fresh.page.setInputFiles('[data-testid=import-model]', join(work, 'expression-cli.json'));
  await fresh.page.waitForFunction(() => /imported from expression-cli\.json/.test(document.querySelector('[data-testid=train-status]').textContent), null, { timeout: 60_000 });
  const imported = await status(fresh.page);
  assert.ok(relative(Number(imported.testLoss), reference.testLoss.mean) <= FLOAT32_TOLERANCE);
  assert.equal(await fresh.page.inputValue('#system'), 'expression');
  assert.deepEqual(fresh.errors, []);
  await fresh.close();
});

test('a training setting typed while the page prepares a new system is kept: the run trains that many steps', async () => {
  const { page, errors, close } = await openLab(lab.browser, `${lab.isolated}?system=spring&model=hnn&steps=${STEPS}`);
  await waitForPhase(page, 'ready');
  await page.selectOption('#system', 'expression');
  await page.fill('[data-testid=expression-input]', EXPRESSION);
  await page.press('[data-testid=expression-input]', 'Enter');
  // At once, while the trainer makes the expression's data (the new system's defaults: 2000 steps).
  await page.fill('#steps', '30');
  await page.press('#steps', 'Tab');
  await page.click('[data-testid=start]');
  const s = await waitForPhase(page, 'done', { step: 30, timeout: 60_000 });
  assert.equal(s.steps, '30');
  assert.deepEqual(errors, []);
  await close();
});

test("(e) a CSV of trajectories dropped on the page trains to the CLI's test loss", async () => {
  const text = springCsv();
  const path = join(work, 'springs.csv');
  writeFileSync(path, text);
  const reference = cli(['train', '--data', path, '--model', 'hnn', '--steps', String(STEPS), '--seed', '0', '--backend', 'wasm', '--quiet', '--out', join(work, 'csv-cli.json')]);
  const { page, errors, close } = await openLab(lab.browser, `${lab.isolated}?system=spring&model=hnn&steps=${STEPS}`);
  await waitForPhase(page, 'ready');
  await dropFile(page, 'springs.csv', text, 'text/csv');
  await page.waitForFunction(() => document.querySelector('#system').value === 'csv' && document.querySelector('[data-testid=train-status]').dataset.phase === 'ready');
  await page.fill('#steps', String(STEPS));
  await page.press('#steps', 'Tab');
  await page.click('[data-testid=start]');
  const s = await waitForPhase(page, 'done', { step: STEPS });
  console.log(`# springs.csv: page test loss ${s.testLoss} vs CLI ${reference.testLoss.mean}`);
  assert.ok(relative(Number(s.testLoss), reference.testLoss.mean) <= FLOAT32_TOLERANCE);
  assert.match((await status(page)).text, /step 200\/200/);
  // Its model file records the CSV (name and sha256); hnn evaluate reads it with the file at hand.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-model]')]);
  const exported = join(work, 'csv-hnn.json');
  await download.saveAs(exported);
  const evaluated = cli(['evaluate', exported, '--data', path, '--backend', 'wasm']);
  assert.ok(relative(evaluated.testLoss.mean, Number(s.testLoss)) <= FLOAT32_TOLERANCE, `hnn evaluate ${evaluated.testLoss.mean} vs page ${s.testLoss}`);
  await page.waitForTimeout(1500);
  for (const view of ['phase', 'energy', 'scene']) await page.locator(`#view-${view}`).screenshot({ path: shot(`csv-${view}`) });
  assert.equal(await errorMessage(page), null);
  assert.deepEqual(errors, []);
  await close();
});
