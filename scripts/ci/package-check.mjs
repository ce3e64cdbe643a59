// Checks the package as a user gets it: `npm pack`, install the tarball into a fresh project, then
// (a) `npx hnn train --backend wasm` runs on the WebAssembly kernels at a per-step time within 1.5× of
// the clone's, and `npx hnn train` (auto) on the native kernels the install built, or says why not;
// (b) an ESM script importing from `hnn` trains and evaluates; (c) `tsc --noEmit` passes on a consumer
// .ts file (nodenext, strict); (d) esbuild bundles the core for browsers with no node: import, and the
// bundle trains 50 spring HNN steps in headless Chromium with Node's losses (float32 tolerance), on
// the page's thread and in a Web Worker whose second kernel thread (a nested Web Worker) takes parts.
// Prints one line per check and the sizes; exits 1 on the first failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../..', import.meta.url));
const node = process.execPath;
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const say = (line) => console.log(`package-check: ${line}`);
const fail = (line) => {
  console.error(`package-check: FAILED: ${line}`);
  process.exit(1);
};

/** Total size of the files under a folder (bytes). */
function folderBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return total;
}

const work = mkdtempSync(join(tmpdir(), 'hnn-package-'));
const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], root))[0];
const tarball = join(work, packed.filename);
say(`packed ${packed.filename}: ${(statSync(tarball).size / 1024).toFixed(0)} KiB, ${packed.entryCount} files`);
const bad = packed.files.map((f) => f.path).filter((p) => /(^|\/)(test|bench|examples)\//.test(p) || p.includes('shared/') || p.endsWith('.ts') && !p.endsWith('.d.ts'));
if (bad.length) fail(`the tarball holds files it should not: ${bad.slice(0, 5).join(', ')}`);
for (const needed of ['dist/src/index.js', 'dist/src/node/index.js', 'dist/src/plot/index.js', 'dist/src/cli/main.js', 'dist/src/kernels/generated/wasm-bytes.js', 'dist/wasm/kernels-shared.wasm', 'dist/wasm/kernels-plain.wasm', 'LICENSE', 'CHANGELOG.md']) {
  if (!packed.files.some((f) => f.path === needed)) fail(`the tarball lacks ${needed}`);
}

const project = join(work, 'consumer');
mkdirSync(project);
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
npm(['install', '--no-audit', '--no-fund', tarball], project);
say(`installed into a fresh project: node_modules ${(folderBytes(join(project, 'node_modules')) / 2 ** 20).toFixed(1)} MiB, hnn itself ${(folderBytes(join(project, 'node_modules', 'hnn')) / 2 ** 20).toFixed(1)} MiB`);

// (a) The CLI from the installed package, against the clone's, on the same settings.
const trainArgs = ['train', '--task', 'spring', '--model', 'hnn', '--steps', '200', '--json', '--quiet', '--backend', 'wasm'];
const installed = JSON.parse(execFileSync('npx', ['hnn', ...trainArgs, '--out', join(work, 'installed.json')], { cwd: project, encoding: 'utf8' }));
const clone = JSON.parse(execFileSync(node, [join(root, 'dist', 'src', 'cli', 'main.js'), ...trainArgs, '--out', join(work, 'clone.json')], { encoding: 'utf8' }));
const saved = JSON.parse(readFileSync(join(work, 'installed.json'), 'utf8'));
if (installed.backend !== 'wasm' || saved.training.backend !== 'wasm') fail(`npx hnn train ran on the ${installed.backend} kernels (the model file says ${saved.training.backend})`);
const ratio = installed.seconds / clone.seconds;
say(`(a) npx hnn train: ${installed.backend} kernels, ${installed.threads} threads, ${((1000 * installed.seconds) / 200).toFixed(2)} ms per step against the clone's ${((1000 * clone.seconds) / 200).toFixed(2)} ms (ratio ${ratio.toFixed(2)})`);
if (ratio > 1.5) fail(`the installed package trains ${ratio.toFixed(2)}× slower than the clone`);
if (installed.testLoss.mean !== clone.testLoss.mean) fail(`the installed package's test loss ${installed.testLoss.mean} differs from the clone's ${clone.testLoss.mean}`);
const auto = spawnSync('npx', ['hnn', ...trainArgs.slice(0, -2), '--out', join(work, 'auto.json')], { cwd: project, encoding: 'utf8' });
if (auto.status !== 0) fail(`npx hnn train (auto): ${auto.stderr}`);
const autoRun = JSON.parse(auto.stdout);
const note = auto.stderr.split('\n').find((l) => l.startsWith('hnn: note:'));
if (autoRun.backend !== 'native' && !note) fail(`npx hnn train (auto) ran on the ${autoRun.backend} kernels without saying why not native`);
say(`(a) npx hnn train (auto): ${autoRun.backend} kernels, ${((1000 * autoRun.seconds) / 200).toFixed(2)} ms per step${note ? ` — ${note}` : ' (built from source at install)'}`);

// (b) An ESM script importing the package by name.
const script = `
import { generateSpringDataset, HNN, Random, train, lossWithError, runTask, taskByName } from 'hnn';
import { createKernels, saveModelFile, loadModelFile } from 'hnn/node';
const data = generateSpringDataset({ seed: 0, samples: 10 });
const kernels = createKernels();
const model = new HNN(kernels, { inputDim: 2, hiddenDim: 32, hiddenLayers: 2, activation: 'tanh' }, 'solenoidal', new Random(0));
const before = lossWithError(model, data.test).mean;
train(model, data, { steps: 100, batchSize: null, lr: 1e-2, weightDecay: 0, seed: 1, logEvery: 100 });
const after = lossWithError(model, data.test).mean;
const run = runTask(taskByName('spring'), kernels, { kind: 'baseline', seed: 0, steps: 5 });
saveModelFile('m.json', run.file);
console.log(JSON.stringify({ before, after, kernels: kernels.name, task: loadModelFile('m.json').task }));
`;
writeFileSync(join(project, 'use.mjs'), script);
const used = JSON.parse(execFileSync(node, ['use.mjs'], { cwd: project, encoding: 'utf8' }));
if (!(used.after < used.before) || !['native', 'wasm'].includes(used.kernels) || used.task !== 'spring') fail(`the ESM script: ${JSON.stringify(used)}`);
say(`(b) an ESM script trains (test loss ${used.before.toFixed(3)} → ${used.after.toFixed(4)}) and saves a model`);

// (c) A strict TypeScript consumer (nodenext) type-checks against the installed declarations.
writeFileSync(
  join(project, 'use.ts'),
  `import { HNN, Random, train, generateSpringDataset, lossWithError, type MeanWithError, type Dataset } from 'hnn';
import { createKernels } from 'hnn/node';
import { renderSvg, type Figure } from 'hnn/plot';
const data: Dataset = generateSpringDataset({ seed: 0, samples: 5 });
const model = new HNN(createKernels('wasm', { threads: 1 }), { inputDim: 2, hiddenDim: 8, hiddenLayers: 1, activation: 'tanh' }, 'solenoidal', new Random(0));
train(model, data, { steps: 1, batchSize: null, lr: 1e-3, weightDecay: 0, seed: 0, logEvery: 1 });
const loss: MeanWithError = lossWithError(model, data.test);
const draw: (f: Figure) => Promise<string> = renderSvg;
export { loss, draw };
`,
);
writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [] }, files: ['use.ts'] }));
try {
  execFileSync(node, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
} catch (e) {
  fail(`tsc --noEmit on a consumer .ts file: ${e.stdout}`);
}
say('(c) tsc --noEmit (nodenext, strict) passes on a consumer .ts file');

// (d) The core bundled for browsers, run in headless Chromium.
const steps = 50;
writeFileSync(
  join(project, 'browser.mjs'),
  `import { createKernels, initKernels, generateSpringDataset, HNN, Random, threadPoolStats, train } from 'hnn';
export async function run(steps) {
  await initKernels();
  const data = generateSpringDataset({ seed: 0 });
  const kernels = createKernels();
  const model = new HNN(kernels, { inputDim: 2, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh' }, 'solenoidal', new Random(0));
  const losses = [];
  train(model, data, { steps, batchSize: null, lr: 1e-3, weightDecay: 1e-4, seed: 1, logEvery: 1, onProgress: (e) => losses.push([e.trainLoss, e.testLoss]) });
  return { kernels: kernels.name, threads: kernels.threads, losses, partsByWorkers: threadPoolStats().partsByWorkers };
}
`,
);
const bundle = join(project, 'bundle.js');
const esbuild = await import(join(root, 'node_modules', 'esbuild', 'lib', 'main.js'));
const built = await esbuild.build({ entryPoints: [join(project, 'browser.mjs')], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, outfile: bundle, metafile: true, logLevel: 'silent' });
const nodeImports = Object.values(built.metafile.inputs).flatMap((i) => i.imports).filter((i) => i.path.startsWith('node:'));
if (nodeImports.length) fail(`the browser bundle imports ${nodeImports.map((i) => i.path).join(', ')}`);
const bundleBytes = readFileSync(bundle);
say(`(d) esbuild bundles the core for browsers: ${(bundleBytes.length / 1024).toFixed(0)} KiB, ${(gzipSync(bundleBytes).length / 1024).toFixed(0)} KiB gzip, no node: import`);
const nodeRun = await (await import(join(project, 'browser.mjs'))).run(steps);

const report = `.then((r) => { self.result = r; }, (e) => { self.result = { error: String(e && e.stack || e) }; })`;
const page = `<!doctype html><meta charset="utf-8"><script type="module">import { run } from "./bundle.js"; run(${steps})${report};
const w = new Worker("./worker.js", { type: "module" }); w.onmessage = (e) => { self.workerResult = e.data; };</script>`;
const worker = `import { run } from "./bundle.js"; run(${steps}).then((r) => postMessage(r), (e) => postMessage({ error: String(e && e.stack || e) }));`;
const server = createServer((req, res) => {
  const script = req.url === '/bundle.js' || req.url === '/worker.js';
  res.writeHead(200, { 'content-type': script ? 'text/javascript' : 'text/html', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' });
  res.end(req.url === '/bundle.js' ? bundleBytes : req.url === '/worker.js' ? worker : page);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { chromium } = await import(join(root, 'node_modules', 'playwright-core', 'index.mjs'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let browserRun;
let workerRun;
try {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await tab.waitForFunction(() => window.result !== undefined && window.workerResult !== undefined, null, { timeout: 240_000 });
  browserRun = await tab.evaluate(() => window.result);
  workerRun = await tab.evaluate(() => window.workerResult);
  if (errors.length) fail(`page errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
  server.close();
}
/** The largest relative difference between a browser run's losses and Node's (fails on a broken run). */
function worstDifference(run, where) {
  if (run.error) fail(`the bundle failed in Chromium (${where}): ${run.error}`);
  if (run.kernels !== 'wasm' || run.losses.length !== steps) fail(`Chromium (${where}) ran ${run.losses.length} steps on ${run.kernels}`);
  let worst = 0;
  run.losses.forEach(([train, test], i) => {
    const [nTrain, nTest] = nodeRun.losses[i];
    worst = Math.max(worst, Math.abs(train - nTrain) / nTrain, Math.abs(test - nTest) / nTest);
  });
  if (!(worst <= 1e-5)) fail(`Chromium's losses (${where}) differ from Node's by up to ${worst.toExponential(2)} (relative)`);
  return worst;
}
const worst = worstDifference(browserRun, 'page');
say(`(d) headless Chromium trained ${steps} spring HNN steps on the ${browserRun.kernels} kernels (${browserRun.threads} thread, the page's); losses equal Node's within ${worst.toExponential(1)} relative (final test loss ${browserRun.losses[steps - 1][1].toFixed(6)})`);
const worstInWorker = worstDifference(workerRun, 'Web Worker');
if (workerRun.threads !== 2 || !(workerRun.partsByWorkers > 0)) fail(`in a Web Worker the kernels ran on ${workerRun.threads} thread(s), ${workerRun.partsByWorkers} parts by the kernel worker (expected 2 threads and some parts)`);
say(`(d) in a Web Worker: ${workerRun.threads} threads, ${workerRun.partsByWorkers} parts run by the nested kernel worker; losses equal Node's within ${worstInWorker.toExponential(1)} relative`);
say('all checks passed');
