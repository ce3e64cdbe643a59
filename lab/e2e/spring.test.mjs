// The spring in the lab against the command line: (a) an autostarted 300-step HNN reaches the CLI's
// test loss, with and without cross-origin isolation; (b) clicks in the phase plane draw rollouts,
// and the HNN's true energy from (1, 0) stays within a band while the baseline's drifts (within 2%
// on four times the paper's data); (c) an exported model evaluates in Node to the page's loss, and a
// CLI model imports and draws its field.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { clickPlane, cli, energyChanges, errorMessage, FLOAT32_TOLERANCE, openLab, pixelsOfColor, relative, ROOT, startLab, status, waitForPhase } from './harness.mjs';

/**
 * The HNN's largest relative change of the true energy along its path from (1, 0) over t ∈ [0, 20]
 * on the paper's data (50 trajectories, σ = 0.1) may be at most this: the noise of those data decides it
 * (seeds 0–4 after 300 steps: 1.4–4.7%; the authors' own trained spring HNN 3.5%); the baseline's
 * changes by about 38%.
 */
const HNN_ENERGY_BAND = 0.03;

/** The same on four times the data (200 trajectories, σ = 0.1): seeds 0–4 after 300 steps 0.8–1.9%. */
const HNN_ENERGY_BAND_MORE_DATA = 0.02;

const work = mkdtempSync(join(tmpdir(), 'hnn-lab-e2e-'));
const cliModel = join(work, 'spring-hnn.json');
let lab;
let reference;

before(async () => {
  lab = await startLab();
  reference = cli(['train', '--task', 'spring', '--model', 'hnn', '--steps', '300', '--seed', '0', '--backend', 'wasm', '--quiet', '--out', cliModel]);
});
after(() => lab.close());

for (const isolation of ['isolated', 'plain']) {
  test(`(a) autostarted spring HNN, 300 steps, reaches the CLI's test loss (${isolation === 'isolated' ? 'cross-origin isolated, threads' : 'not isolated, one thread'})`, async () => {
    const { page, errors, close } = await openLab(lab.browser, `${lab[isolation]}?system=spring&model=hnn&steps=300&seed=0&autostart=1`);
    const s = await waitForPhase(page, 'done', { step: 300 });
    assert.match(s.text, /step 300\/300/);
    assert.equal(s.kind, 'hnn');
    const pageLoss = Number(s.testLoss);
    const diff = relative(pageLoss, reference.testLoss.mean);
    console.log(`# ${isolation}: page test loss ${pageLoss} vs CLI ${reference.testLoss.mean} (relative difference ${diff.toExponential(1)}); ${s.msPerStep} ms/step`);
    assert.ok(diff <= FLOAT32_TOLERANCE, `page ${pageLoss} vs CLI ${reference.testLoss.mean}`);
    assert.match(s.text, new RegExp(`test loss ${pageLoss.toPrecision(6).replace('.', '\\.')}`));
    assert.ok(relative(Number(s.trainLoss), reference.trainLoss.mean) <= FLOAT32_TOLERANCE);
    const note = await page.locator('#threads-note').textContent();
    if (isolation === 'isolated') assert.match(note, /2 threads/);
    else assert.match(note, /Single-threaded: this page is not cross-origin isolated/);
    assert.deepEqual(errors, []);
    await close();
  });
}

test('pause, resume and reset: a paused run resumes where it stopped and ends on the CLI\'s loss', async () => {
  const { page, errors, close } = await openLab(lab.browser, `${lab.isolated}?system=spring&model=hnn&steps=300&seed=0&autostart=1`);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=train-status]').dataset.step) >= 60, null, { timeout: 120_000 });
  await page.click('[data-testid=pause]');
  const paused = await waitForPhase(page, 'paused');
  await page.waitForTimeout(1000);
  assert.equal((await status(page)).step, paused.step, 'training went on while paused');
  assert.equal(await page.textContent('[data-testid=start]'), 'Resume');
  await page.click('[data-testid=start]');
  const done = await waitForPhase(page, 'done', { step: 300 });
  assert.ok(relative(Number(done.testLoss), reference.testLoss.mean) <= FLOAT32_TOLERANCE, `after a pause at step ${paused.step}: ${done.testLoss}`);
  await page.click('#reset');
  const fresh = await waitForPhase(page, 'ready');
  assert.equal(fresh.step, '0');
  assert.deepEqual(errors, []);
  await close();
});

test('(b) clicks draw rollouts; (c) export → hnn evaluate gives the page\'s loss, and a CLI model imports and draws its field', async () => {
  const { page, errors, close } = await openLab(lab.browser, `${lab.isolated}?system=spring&model=both&steps=300&seed=0&autostart=1`);
  await waitForPhase(page, 'done', { step: 300 });
  // (b) A click elsewhere moves the rollouts there, a click at (1, 0) brings them back.
  const before = await page.locator('[data-testid=phase-plane]').screenshot();
  await clickPlane(page, 0.5, -0.5);
  const elsewhere = await energyChanges(page, [0.5, -0.5]);
  assert.deepEqual(Object.keys(elsewhere).sort(), ['baseline', 'hnn', 'truth']);
  assert.notDeepEqual(await page.locator('[data-testid=phase-plane]').screenshot(), before, 'the phase plane did not change after the click');
  await clickPlane(page, 1, 0);
  const changes = await energyChanges(page, [1, 0]);
  assert.equal(await page.inputValue('#start-u'), '1');
  assert.equal(await page.inputValue('#start-v'), '0');
  console.log(`# true energy from (1, 0) over t in [0, 20], largest relative change: truth ${changes.truth.toExponential(2)}, baseline ${changes.baseline.toFixed(4)}, HNN ${changes.hnn.toFixed(4)}`);
  assert.ok(changes.hnn <= HNN_ENERGY_BAND, `HNN energy changes by ${changes.hnn}`);
  assert.ok(changes.baseline > 2 * changes.hnn, `baseline ${changes.baseline} vs HNN ${changes.hnn}`);
  assert.ok(changes.truth < 1e-3);

  // (c) Export the HNN; the CLI evaluates it to the page's test loss.
  const s = await status(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-model]')]);
  const exported = join(work, download.suggestedFilename());
  await download.saveAs(exported);
  assert.equal(download.suggestedFilename(), 'spring-hnn.json');
  const evaluated = cli(['evaluate', exported, '--backend', 'wasm']);
  console.log(`# exported model: hnn evaluate test loss ${evaluated.testLoss.mean} vs page ${s.testLoss}`);
  assert.ok(relative(evaluated.testLoss.mean, Number(s.testLoss)) <= FLOAT32_TOLERANCE);
  assert.ok(relative(evaluated.testLoss.mean, reference.testLoss.mean) <= FLOAT32_TOLERANCE);
  // The exported HNN's path from (1, 0), integrated by the library in Node, has the page's energy change.
  const hnn = await import(join(ROOT, 'dist', 'src', 'index.js'));
  const model = hnn.modelFromFile(hnn.parseModelFileText(readFileSync(exported, 'utf8'), exported), hnn.createKernels('wasm', { threads: 1 }));
  const path = hnn.simulateModel(model, { x0: Float64Array.of(1, 0), tEnd: 20, points: 400, integrator: 'dopri5', rtol: 1e-6, trueEnergy: hnn.spring.hamiltonian });
  const e = path.trueEnergy;
  const nodeChange = Math.max(...Array.from(e, (v) => Math.abs(v - e[0]))) / e[0];
  assert.ok(relative(changes.hnn, nodeChange) <= 1e-6, `page ${changes.hnn} vs Node ${nodeChange}`);
  assert.deepEqual(errors, []);
  await close();

  // (c) The CLI's model, imported into a fresh page, is explored: status and field.
  const fresh = await openLab(lab.browser, `${lab.isolated}?system=spring&model=baseline&steps=10`);
  await waitForPhase(fresh.page, 'ready');
  const blueBefore = await pixelsOfColor(fresh.page, '#phase-canvas', [0, 114, 178]);
  await fresh.page.setInputFiles('[data-testid=import-model]', cliModel);
  const imported = await fresh.page.waitForFunction(() => /imported from spring-hnn\.json/.test(document.querySelector('[data-testid=train-status]').textContent), null, { timeout: 60_000 });
  await imported.dispose();
  const si = await status(fresh.page);
  assert.match(si.text, /Hamiltonian NN \(imported from spring-hnn\.json\) · step 300\/300/);
  assert.ok(relative(Number(si.testLoss), reference.testLoss.mean) <= FLOAT32_TOLERANCE);
  await fresh.page.waitForFunction((n) => {
    const c = document.querySelector('#phase-canvas');
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let k = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]) + Math.abs(data[i + 1] - 114) + Math.abs(data[i + 2] - 178) < 60) k++;
    return k > n + 500;
  }, blueBefore, { timeout: 60_000 });
  assert.equal(await errorMessage(fresh.page), null);
  assert.deepEqual(fresh.errors, []);
  await fresh.close();
});

test('(b) on 200 trajectories the HNN\'s true energy from (1, 0) stays within 2%; the export records the draw (hnn evaluate redraws it) and imports with it', async () => {
  // Not compared with `hnn train`: Chromium's and Node's Math.pow differ in last bits, which the float32
  // data absorb for the paper's 50 trajectories but not for these (lab/README.md); evaluate checks the export.
  const url = `${lab.isolated}?system=spring&model=both&steps=300&seed=0&trajectories=200&autostart=1`;
  const { page, errors, close } = await openLab(lab.browser, url);
  const s = await waitForPhase(page, 'done', { step: 300 });
  await clickPlane(page, 1, 0);
  const changes = await energyChanges(page, [1, 0]);
  console.log(`# 200 trajectories: true energy from (1, 0) over t in [0, 20], largest relative change: baseline ${changes.baseline.toFixed(4)}, HNN ${changes.hnn.toFixed(4)}`);
  assert.ok(changes.hnn <= HNN_ENERGY_BAND_MORE_DATA, `HNN energy changes by ${changes.hnn}`);
  assert.ok(changes.baseline > 5 * changes.hnn, `baseline ${changes.baseline} vs HNN ${changes.hnn}`);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-model]')]);
  const exported = join(work, 'more-data-page.json');
  await download.saveAs(exported);
  assert.deepEqual(JSON.parse(readFileSync(exported, 'utf8')).training.task, { kind: 'drawn', task: 'spring', samples: 200, noiseStd: 0.1 });
  assert.ok(relative(cli(['evaluate', exported, '--backend', 'wasm']).testLoss.mean, Number(s.testLoss)) <= FLOAT32_TOLERANCE);
  assert.deepEqual(errors, []);
  await close();

  // Imported into a page on the paper's data, the model brings its draw: the data are redrawn and its loss is the page's.
  const fresh = await openLab(lab.browser, `${lab.isolated}?system=spring&model=hnn&steps=10`);
  await waitForPhase(fresh.page, 'ready');
  assert.equal(await fresh.page.inputValue('#trajectories'), '50');
  await fresh.page.setInputFiles('[data-testid=import-model]', exported);
  const imported = await fresh.page.waitForFunction(() => /imported from more-data-page\.json/.test(document.querySelector('[data-testid=train-status]').textContent), null, { timeout: 60_000 });
  await imported.dispose();
  assert.equal(await fresh.page.inputValue('#trajectories'), '200');
  assert.ok(relative(Number((await status(fresh.page)).testLoss), Number(s.testLoss)) <= FLOAT32_TOLERANCE);
  assert.deepEqual(fresh.errors, []);
  await fresh.close();
});
