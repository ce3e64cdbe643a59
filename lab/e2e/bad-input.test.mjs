// (f) Bad input: every file or formula the page cannot use gives one inline message naming the
// problem, the previous state stays (system, models, their losses), and the page goes on working;
// no uncaught error anywhere.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cli, dropFile, openLab, ROOT, startLab, status, waitForError, waitForPhase } from './harness.mjs';

const work = mkdtempSync(join(tmpdir(), 'hnn-lab-bad-'));
let lab;
let valid;
let threeBody;

before(async () => {
  lab = await startLab();
  const model = join(work, 'spring-hnn.json');
  cli(['train', '--task', 'spring', '--model', 'hnn', '--steps', '5', '--quiet', '--out', model]);
  valid = JSON.parse(readFileSync(model, 'utf8'));
  const hnn = await import(join(ROOT, 'dist', 'src', 'index.js'));
  const mlp = { inputDim: 12, hiddenDim: 8, hiddenLayers: 2, activation: 'tanh', outputDim: 2 };
  threeBody = hnn.serializeModelFile(hnn.modelToFile(hnn.createModel(new hnn.JsKernels('float32'), { kind: 'hnn', field: 'solenoidal', mlp }, new hnn.Random(0)), { task: 'three-body' }));
});
after(() => lab.close());

/** A file in the work folder. */
function file(name, text) {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

/** Model files the lab must refuse, each with what its message must say. */
const BAD_MODEL_FILES = [
  ['foreign.json', JSON.stringify({ name: 'some other tool', layers: [2, 200, 2] }), /foreign\.json: field "format": expected "hnn-model"/],
  ['broken.json', '{"format": "hnn-model", "version": 1,', /broken\.json: content: expected valid JSON/],
  ['future.json', () => JSON.stringify({ ...valid, version: 2 }), /future\.json: field "version": expected 1/],
  ['shapes.json', () => JSON.stringify({ ...valid, weights: { ...valid.weights, 'linear1.weight': { shape: [3, 2], data: [1, 2, 3, 4, 5, 6] } } }), /shapes\.json: field "weights\.linear1\.weight\.shape": expected \[200, 2\]/],
  ['nan.json', () => JSON.stringify(valid).replace(/"data":\[[-0-9.e]+/, '"data":["NaN"'), /nan\.json: field "weights\.linear1\.weight\.data/],
  ['three-body.json', () => threeBody, /three-body\.json: a model of task "three-body" with states of dimension 12; the lab has no such system/],
];

/** Formulas the lab must refuse, each with what its message must say. */
const BAD_EXPRESSIONS = [
  ['p^2/2 + q^4/4)', /unexpected '\)' at 14/],
  ['p^2/2 + qq^4', /unknown name "qq" at 9/],
  ['p**2/2', /unexpected '\*\*' at 2; expected \^ for a power/],
  ['', /empty expression at 1/],
];

/** CSV files the lab must refuse, each with what its message must say. */
const BAD_CSV = [
  ['no-p.csv', 't,q\n0,1\n0.1,2\n0.2,3\n', /no-p\.csv: line 1: no column "p"/],
  ['word.csv', 't,q,p\n0,1,0\n0.1,abc,0\n0.2,1,0\n', /word\.csv: line 3, column 2 \(q\): "abc" is not a number/],
  ['nan.csv', 't,q,p\n0,1,0\n0.1,NaN,0\n0.2,1,0\n', /nan\.csv: line 3, column 2 \(q\): "NaN" is not a number; expected a finite number/],
  ['short.csv', 't,q,p\n0,1,0\n0.1,1,0\n', /short\.csv: line 2: the file has 2 rows .*expected at least 3/],
];

test('(f) invalid formulas, bad CSV files, model files of another format or version, broken JSON and unknown files: an inline message each; the page stays usable', async () => {
  const { page, errors, close } = await openLab(lab.browser, `${lab.isolated}?system=spring&model=hnn&steps=40&autostart=1`);
  const trained = await waitForPhase(page, 'done', { step: 40 });
  for (const [name, text, expected] of BAD_MODEL_FILES) {
    await page.setInputFiles('[data-testid=import-model]', file(name, typeof text === 'function' ? text() : text));
    const message = await waitForError(page, expected);
    console.log(`# ${name}: ${message}`);
    assert.deepEqual(await status(page), trained, `the status changed after ${name}`);
    await page.click('#error-close');
  }
  await dropFile(page, 'notes.txt', 'hello', 'text/plain');
  await waitForError(page, /notes\.txt: drop a \.csv file of trajectories or a \.json/);
  await dropFile(page, 'dropped.json', '[1, 2, 3]', 'application/json');
  await waitForError(page, /dropped\.json: content: expected an object/);
  assert.deepEqual(await status(page), trained);
  // Formulas that cannot be read: where and what.
  await page.selectOption('#system', 'expression');
  for (const [text, expected] of BAD_EXPRESSIONS) {
    await page.fill('[data-testid=expression-input]', text);
    await page.press('[data-testid=expression-input]', 'Enter');
    console.log(`# ${text}: ${await waitForError(page, expected)}`);
    assert.deepEqual(await status(page), trained, `the status changed after ${text}`);
  }
  // CSV files that cannot be read: line and column.
  for (const [name, text, expected] of BAD_CSV) {
    await dropFile(page, name, text, 'text/csv');
    console.log(`# ${name}: ${await waitForError(page, expected)}`);
    assert.deepEqual(await status(page), trained, `the status changed after ${name}`);
  }
  assert.equal(await page.locator('#phase-title').textContent(), 'Phase plane');
  // Bad settings are refused in words and put back.
  await page.fill('#steps', '2.5');
  await page.press('#steps', 'Tab');
  await waitForError(page, /Steps: 2\.5 is not a whole number/);
  assert.equal(await page.inputValue('#steps'), '40');
  await page.fill('#trajectories', '0');
  await page.press('#trajectories', 'Tab');
  await waitForError(page, /Trajectories: 0 is outside 1–10000/);
  assert.equal(await page.inputValue('#trajectories'), '50');
  // Still usable: a new run trains.
  await page.fill('#steps', '30');
  await page.press('#steps', 'Tab');
  await page.click('[data-testid=start]');
  const again = await waitForPhase(page, 'done', { step: 30 });
  assert.match(again.text, /step 30\/30/);
  assert.deepEqual(errors, []);
  await close();
});

test('a URL setting the draw of a system whose data are not drawn is reported; the draw inputs are hidden there', async () => {
  const { page, errors, close } = await openLab(lab.browser, `${lab.isolated}?system=two-body&trajectories=5&steps=5`);
  await waitForError(page, /URL: trajectories applies to systems whose data are drawn trajectories, not to two-body/);
  await waitForPhase(page, 'ready');
  assert.equal(await page.locator('#trajectories').isHidden(), true);
  assert.equal(await page.locator('#noise').isHidden(), true);
  assert.deepEqual(errors, []);
  await close();
});

test('a CSV too large to train on in one batch stops training with a message naming the batch size; a batch size then trains it', async () => {
  const { page, errors, close } = await openLab(lab.browser, `${lab.isolated}?system=spring&steps=5`);
  // 4000 circles of 50 points: 160,000 training rows (a fifth of the trajectories test), whose full-batch buffers pass the 1 GiB of WebAssembly memory.
  const rows = ['trajectory,t,q,p'];
  for (let k = 0; k < 4000; k++) {
    const r = 0.5 + (k % 10) / 10;
    for (let i = 0; i < 50; i++) rows.push(`${k},${(0.1 * i).toFixed(1)},${(r * Math.cos(0.1 * i)).toFixed(5)},${(-r * Math.sin(0.1 * i)).toFixed(5)}`);
  }
  await dropFile(page, 'large.csv', rows.join('\n'), 'text/csv');
  await waitForPhase(page, 'ready', { timeout: 60_000 });
  await page.fill('#steps', '3');
  await page.press('#steps', 'Tab');
  await page.click('[data-testid=start]');
  console.log(`# large.csv: ${await waitForError(page, /out of memory .*train on fewer rows at a time \(a smaller batch size\)/, 120_000)}`);
  await page.fill('#batch', '750');
  await page.press('#batch', 'Tab');
  await page.click('[data-testid=start]');
  const done = await waitForPhase(page, 'done', { step: 3, timeout: 120_000 });
  assert.match(done.text, /step 3\/3/);
  assert.deepEqual(errors, []);
  await close();
});
