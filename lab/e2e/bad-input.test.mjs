// (f) Bad input: every file or formula the page cannot use gives one inline message naming the
// problem, the previous state stays (system, models, their losses), and the page goes on working;
// no uncaught error anywhere.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cli, openLab, ROOT, startLab, status, waitForError, waitForPhase } from './harness.mjs';

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

/** Drops a file of `text` named `name` on the page. */
async function drop(page, name, text, type) {
  const transfer = await page.evaluateHandle(([n, t, ty]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], n, { type: ty }));
    return dt;
  }, [name, text, type]);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
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

test('(f) model files of another format or version, broken JSON and unknown files: an inline message each; the page stays usable', async () => {
  const { page, errors, close } = await openLab(lab.browser, `${lab.isolated}?system=spring&model=hnn&steps=40&autostart=1`);
  const trained = await waitForPhase(page, 'done', { step: 40 });
  for (const [name, text, expected] of BAD_MODEL_FILES) {
    await page.setInputFiles('[data-testid=import-model]', file(name, typeof text === 'function' ? text() : text));
    const message = await waitForError(page, expected);
    console.log(`# ${name}: ${message}`);
    assert.deepEqual(await status(page), trained, `the status changed after ${name}`);
    await page.click('#error-close');
  }
  await drop(page, 'notes.txt', 'hello', 'text/plain');
  await waitForError(page, /notes\.txt: drop a \.csv file of trajectories or a \.json/);
  await drop(page, 'dropped.json', '[1, 2, 3]', 'application/json');
  await waitForError(page, /dropped\.json: content: expected an object/);
  assert.deepEqual(await status(page), trained);
  // Bad settings are refused in words and put back.
  await page.fill('#steps', '2.5');
  await page.press('#steps', 'Tab');
  await waitForError(page, /Steps: 2\.5 is not a whole number/);
  assert.equal(await page.inputValue('#steps'), '40');
  // Still usable: a new run trains.
  await page.fill('#steps', '30');
  await page.press('#steps', 'Tab');
  await page.click('[data-testid=start]');
  const again = await waitForPhase(page, 'done', { step: 30 });
  assert.match(again.text, /step 30\/30/);
  assert.deepEqual(errors, []);
  await close();
});
