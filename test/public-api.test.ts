import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from './helpers/shared.js';

// This file imports the package only by its public names ('hnn', 'hnn/node', 'hnn/plot'), as a user does.

test('hnn, hnn/node and hnn/plot: train a small HNN, save and reload it, evaluate it, draw it', async () => {
  const hnn = await import('hnn');
  const node = await import('hnn/node');
  const plot = await import('hnn/plot');
  const data = hnn.generateSpringDataset({ seed: 0, samples: 10 });
  const kernels = node.createKernels('wasm', { threads: 2 });
  assert.equal(kernels.name, 'wasm');
  const model = new hnn.HNN(kernels, { inputDim: 2, hiddenDim: 32, hiddenLayers: 2, activation: 'tanh' }, 'solenoidal', new hnn.Random(0));
  const before = hnn.lossWithError(model, data.test).mean;
  hnn.train(model, data, { steps: 100, batchSize: null, lr: 1e-2, weightDecay: 0, seed: 1, logEvery: 50 });
  const after = hnn.lossWithError(model, data.test).mean;
  assert.ok(after < before, `test loss ${after} after training vs ${before} before`);
  const path = join(mkdtempSync(join(tmpdir(), 'hnn-api-')), 'm.json.gz');
  node.saveModelFile(path, hnn.modelToFile(model, { task: 'spring' }));
  const file = node.loadModelFile(path);
  assert.ok(!hnn.isPixelModelFile(file));
  const back = hnn.modelFromFile(file, kernels);
  assert.equal(hnn.lossWithError(back, data.test).mean, after);
  const text = hnn.serializeModelFile(file);
  assert.deepEqual(hnn.parseModelFileText(text, 'm.json'), file);
  const svg = await plot.renderSvg(plot.modelFigure('phase', plot.figureSystem(hnn.taskByName('spring')), 'hnn', back as InstanceType<typeof hnn.HNN>, { points: 20 }));
  assert.match(svg, /^<svg/);
});

test('import("hnn") loads no figure package (vega, resvg, fonts), and none of its own modules imports a node: built-in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hnn-imports-'));
  const log = join(dir, 'resolved.txt');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\nexport async function resolve(spec, context, next) { const r = await next(spec, context); appendFileSync(${JSON.stringify(log)}, r.url + ' ' + context.parentURL + '\\n'); return r; }\n`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, '--input-type=module', '-e', "await import('hnn');"], { cwd: projectRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const edges = readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split(' ') as [string, string]);
  const urls = edges.map(([url]) => url);
  assert.ok(urls.some((u) => u.endsWith('/dist/src/index.js')), 'the core entry was loaded');
  const heavy = urls.filter((u) => /node_modules\/(vega|vega-lite|@resvg|dejavu-fonts-ttf|omggif|commander|cli-progress)\//.test(u));
  assert.deepEqual(heavy, []);
  // Dependencies may pick Node built-ins through their "node" export condition; bundlers for browsers take their browser builds.
  const builtins = edges.filter(([url, parent]) => url.startsWith('node:') && parent.includes('/dist/src/'));
  assert.deepEqual(builtins, []);
});
