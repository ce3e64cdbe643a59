import { test } from 'node:test';
import { stateTaskByName } from '../src/tasks/registry.js';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { Random } from '../src/core/random.js';
import { modelToFile } from '../src/io/model-file.js';
import { saveModelFile } from '../src/node/model-files.js';
import { InputError } from '../src/core/errors.js';
import { JsKernels } from '../src/kernels/js.js';
import { Baseline } from '../src/models/baseline.js';
import { HNN } from '../src/models/hnn.js';
import { generateSpringDataset } from '../src/systems/trajectory-dataset.js';
import { contourSegments } from '../src/plot/contour.js';
import { coordinatesFigure } from '../src/plot/coordinates-figure.js';
import { frameStrip } from '../src/plot/frame-strip.js';
import { hamiltonianFigure } from '../src/plot/hamiltonian-figure.js';
import { lineFigure } from '../src/plot/line-figure.js';
import { coordinateMse } from '../src/plot/measures.js';
import { modelFigure, type PlotKind } from '../src/plot/model-figure.js';
import { energyTerms, energyTermsFigure, orbitFigure } from '../src/plot/orbit-figures.js';
import { dataFigure, fieldFigure } from '../src/plot/phase-figures.js';
import { gridStates, sampleField, type Box } from '../src/plot/phase.js';
import { renderPng } from '../src/plot/png.js';
import { quiverArrows } from '../src/plot/quiver.js';
import { renderSvg, type Figure } from '../src/plot/render.js';
import { PALETTE } from '../src/plot/style.js';
import { figureSystem } from '../src/plot/system.js';
import { taskFigures, writeTaskFigures } from '../src/plot/task-figures.js';
import { writeFigure } from '../src/plot/write.js';
import { reportHtml } from '../src/plot/report.js';
import { hnn } from './helpers/cli.js';

// ---------- helpers: a strict little XML reader and a PNG decoder ----------

interface XmlNode {
  readonly name: string;
  readonly cls: string;
  readonly children: XmlNode[];
}

/** Parses an SVG document into a tree, failing on any unbalanced or mismatched tag; returns the root. */
function parseXml(text: string): XmlNode {
  const root: XmlNode = { name: '#document', cls: '', children: [] };
  const stack: XmlNode[] = [root];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const between = text.slice(last, m.index);
    assert.ok(!between.includes('<') && !between.includes('>'), `stray markup before offset ${m.index}: ${between.slice(0, 60)}`);
    last = tag.lastIndex;
    const [, closing, name, attrs, selfClosing] = m;
    if (closing) {
      const open = stack.pop()!;
      assert.equal(open.name, name, `</${name}> closes <${open.name}>`);
      continue;
    }
    const node: XmlNode = { name: name!, cls: /\bclass="([^"]*)"/.exec(attrs!)?.[1] ?? '', children: [] };
    stack[stack.length - 1]!.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  assert.ok(!text.slice(last).includes('<'), 'trailing markup');
  assert.equal(stack.length, 1, `unclosed <${stack[stack.length - 1]!.name}>`);
  assert.equal(root.children.length, 1, 'one root element');
  return root.children[0]!;
}

/** Every node of a tree. */
function* walk(node: XmlNode): Generator<XmlNode> {
  yield node;
  for (const c of node.children) yield* walk(c);
}

/** Number of drawn data items (paths, lines, …) of Vega marks of a type (`line`, `symbol`, …) in an SVG; axes and legends are not data marks. */
function markItems(svg: string, type: string): number {
  const root = parseXml(svg);
  assert.equal(root.name, 'svg');
  let count = 0;
  for (const node of walk(root)) {
    const cls = node.cls.split(/\s+/);
    if (node.name === 'g' && cls.includes(`mark-${type}`) && cls.includes('role-mark')) count += node.children.filter((c) => c.name !== 'g').length;
  }
  return count;
}

/** Decodes a non-interlaced 8-bit RGBA PNG far enough to prove it whole: signature, IHDR size, inflated IDAT length, IEND. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const bytes = Buffer.from(png);
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.equal(data[8], 8, 'bit depth 8');
      channels = ({ 6: 4, 2: 3, 0: 1, 4: 2 } as Record<number, number>)[data[9]!]!;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  assert.ok(ended, 'IEND chunk');
  assert.equal(inflateSync(Buffer.concat(idat)).length, height * (1 + width * channels), 'pixel data of the stated size');
  return { width, height };
}

const f64 = new JsKernels<Float64Array>('float64');
const mlp = { inputDim: 2, hiddenDim: 16, hiddenLayers: 2, activation: 'tanh' as const };
const box: Box = { q: [-1, 1], p: [-1, 1] };
const circle = (points: number): { t: Float64Array; y: Float64Array } => {
  const t = Float64Array.from({ length: points }, (_, k) => k / (points - 1));
  return { t, y: Float64Array.from({ length: 2 * points }, (_, i) => (i % 2 ? Math.sin : Math.cos)(t[i >> 1]! * 6)) };
};
const tmp = (): string => mkdtempSync(join(tmpdir(), 'hnn-plot-'));

// ---------- figure builders: valid SVG with the expected marks ----------

test('lineFigure: one line per series, in a well-formed <svg>', async () => {
  const t = [0, 1, 2, 3];
  const svg = await renderSvg(
    lineFigure({
      title: 'energy',
      yTitle: 'E',
      series: [
        { label: 'Ground truth', color: PALETTE.truth, t, values: [1, 1, 1, 1], dash: [6, 4] },
        { label: 'Baseline NN', color: PALETTE.baseline, t, values: [1, 0.9, 0.8, 0.7] },
        { label: 'Hamiltonian NN', color: PALETTE.hnn, t, values: [1, 1.01, 0.99, 1] },
      ],
    }),
  );
  assert.equal(markItems(svg, 'line'), 3);
  for (const color of [PALETTE.truth, PALETTE.baseline, PALETTE.hnn]) assert.ok(svg.toLowerCase().includes(`stroke="${color.toLowerCase()}"`), `a line in ${color}`);
  assert.match(svg, /font-family="DejaVu Sans[^"]*"/);
});

test('fieldFigure: one arrow (shaft + head) per grid node and one time-coloured segment per step', async () => {
  const field = sampleField((s) => s.map((_, i) => (i % 2 ? -s[i - 1]! : s[i + 1]!)), box, 5);
  const svg = await renderSvg(fieldFigure('field', field, circle(10), PALETTE.hnn));
  assert.equal(markItems(svg, 'rule'), 25 + 9);
  assert.equal(markItems(svg, 'symbol'), 25);
});

test('dataFigure: one dot per state, with or without the true field', async () => {
  const states = Float64Array.of(0, 0, 0.5, 0.5, -0.5, 0.2, 0.1, -0.9, 0.3, 0.3, -0.2, -0.2, 0.9, 0);
  assert.equal(markItems(await renderSvg(dataFigure('data', states, box, null)), 'symbol'), 7);
  const field = sampleField((s) => s.slice(), box, 4);
  const svg = await renderSvg(dataFigure('data', states, box, field));
  assert.equal(markItems(svg, 'symbol'), 7 + 16);
  assert.equal(markItems(svg, 'rule'), 16);
});

test('hamiltonianFigure: a heat map cell per grid node in each of the two panels, with contour lines', async () => {
  const n = 6;
  const values = Float64Array.from({ length: n * n }, (_, k) => gridStates(box, n)[2 * k]! ** 2 + gridStates(box, n)[2 * k + 1]! ** 2);
  const svg = await renderSvg(hamiltonianFigure({ box, n, values }, { box, n, values: values.map((v) => 2 * v - 3) }));
  assert.equal(markItems(svg, 'rect'), 2 * n * n);
  assert.ok(markItems(svg, 'rule') > 0, 'contour segments drawn');
});

test('orbitFigure, energyTermsFigure, coordinatesFigure: the expected lines per panel', async () => {
  const dim = 8;
  const orbit = (r: number): { t: Float64Array; y: Float64Array } => {
    const t = Float64Array.from({ length: 20 }, (_, k) => k / 4);
    const y = new Float64Array(20 * dim);
    t.forEach((s, k) => {
      const [c, d] = [r * Math.cos(s), r * Math.sin(s)];
      y.set([c, -c, d, -d, -d / 2, d / 2, c / 2, -c / 2], k * dim);
    });
    return { t, y };
  };
  const paths = [
    { label: 'Ground truth', color: PALETTE.truth, path: orbit(1) },
    { label: 'Baseline NN', color: PALETTE.baseline, path: orbit(1.1) },
    { label: 'Hamiltonian NN', color: PALETTE.hnn, path: orbit(0.95) },
  ];
  assert.equal(markItems(await renderSvg(orbitFigure(paths, dim)), 'line'), 3 * 2);
  assert.equal(markItems(await renderSvg(energyTermsFigure(paths, dim)), 'line'), 3 * 3);
  assert.equal(markItems(await renderSvg(coordinatesFigure(paths.slice(0, 2).map((p) => ({ ...p, path: circle(8) })), ['q', 'p'])), 'line'), 2 * 2);
});

test('frameStrip: one grey cell per pixel of every frame', async () => {
  const svg = await renderSvg(frameStrip([[0, 0.5, 1, 0, 0.5, 1], [1, 1, 1, 0, 0, 0]], 3, 2, ['t', 't + 1']));
  assert.equal(markItems(svg, 'rect'), 12);
});

// ---------- the numbers behind the figures ----------

test('contours of q² + p² lie on circles and saddles split the right way; arrows point along the field and the longest spans 0.9 cells', () => {
  const n = 41;
  const states = gridStates(box, n);
  const values = Float64Array.from({ length: n * n }, (_, k) => states[2 * k]! ** 2 + states[2 * k + 1]! ** 2);
  const segments = contourSegments(values, box, n, [0.5]);
  assert.ok(segments.length > 40);
  for (const s of segments) assert.ok(Math.abs(Math.hypot(s.q, s.p) - Math.sqrt(0.5)) < 2e-3, `point (${s.q}, ${s.p}) off the circle`);
  // A saddle cell of q·p = 0.1: the lines must cut off the corners (−1, −1) and (1, 1), where q·p > 0.1.
  const saddle = contourSegments([1, -1, -1, 1], box, 2, [0.1]);
  assert.equal(saddle.length, 2);
  for (const s of saddle) assert.ok(((s.q + s.q2) / 2) * ((s.p + s.p2) / 2) > 0.1, `segment (${s.q}, ${s.p})–(${s.q2}, ${s.p2}) crosses the saddle`);
  const arrows = quiverArrows({ box, n: 2, states: Float64Array.of(0, 0, 1, 0, 0, 1, 1, 1), vectors: Float64Array.of(1, 0, 0, 1, -1, 0, 0, -0.5) }, 300, 300);
  assert.deepEqual(arrows.map((a) => Math.round(a.angle)), [90, 0, -90, 180]);
  assert.ok(Math.abs((arrows[0]!.q2 - arrows[0]!.q) * 150 - 0.9 * 300) < 1e-9, 'longest arrow = 0.9 cells in pixels');
});

test('coordinate MSE and two-body energy terms', () => {
  assert.deepEqual(Array.from(coordinateMse([0, 0, 1, 1], [0, 0, 2, 3], 2)), [0, 2.5]);
  const state = [1, -1, 0, 0, 0, 0, 0.5, -0.5];
  const e = energyTerms(state, 8);
  assert.ok(Math.abs(e.kinetic[0]! - 0.25) < 1e-15);
  assert.ok(Math.abs(e.potential[0]! - -0.5) < 1e-15, 'potential −1/r with r = 2');
  assert.ok(Math.abs(e.total[0]! - -0.25) < 1e-15);
});

// ---------- bad input ----------

test('bad input: empty series, NaN values, a one-point rollout, an unknown kind or format get clear errors', async () => {
  const series = (values: number[]) => lineFigure({ title: 'E', yTitle: 'E', series: [{ label: 'HNN', color: PALETTE.hnn, t: values.map((_, i) => i), values }] });
  assert.throws(() => series([]), (e) => e instanceof InputError && /figure "E": HNN \(times\) is empty/.test(e.message));
  assert.throws(() => series([1, Number.NaN, 3]), (e) => e instanceof InputError && /HNN has a non-finite value \(NaN\) at index 1/.test(e.message));
  assert.throws(() => lineFigure({ title: 'E', yTitle: 'E', series: [] }), /no series to plot/);
  const field = sampleField((s) => s.slice(), box, 3);
  assert.throws(() => fieldFigure('field', field, { t: [0], y: [0, 0] }, PALETTE.hnn), /single time point/);
  assert.throws(() => fieldFigure('field', field, { t: [0, 1], y: [0, 0, Infinity, 0] }, PALETTE.hnn), /non-finite value \(Infinity\) at index 2/);
  const model = new HNN(f64, mlp, 'solenoidal', new Random(0));
  assert.throws(() => modelFigure('contour' as PlotKind, figureSystem(stateTaskByName('spring')), 'hnn', model), /unknown figure kind "contour"; expected one of phase, energy, rollout, hamiltonian/);
  assert.throws(() => modelFigure('hamiltonian', figureSystem(stateTaskByName('spring')), 'baseline', new Baseline(f64, mlp, new Random(0))), /needs a model with a learned H/);
  await assert.rejects(writeFigure(join(tmp(), 'figure.pdf'), series([1, 2])), /cannot tell the figure format from "\.pdf"; use \.svg or \.png/);
  // Vega only logs a failing dataflow; renderSvg turns that into a rejection.
  const broken: Figure = { data: { values: [{ a: 1 }] }, transform: [{ calculate: 'datum.a.b.c', as: 'x' }], mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } };
  await assert.rejects(renderSvg(broken), /rendering the figure failed: TypeError/);
});

// ---------- PNG export and files ----------

test('renderPng: a decodable PNG of the requested width (default: twice the SVG size)', async () => {
  const svg = await renderSvg(lineFigure({ title: 'E', yTitle: 'E', series: [{ label: 'HNN', color: PALETTE.hnn, t: [0, 1], values: [1, 2] }] }));
  const [w, h] = [/width="(\d+)"/, /height="(\d+)"/].map((r) => Number(r.exec(svg)![1]));
  assert.deepEqual(pngSize(await renderPng(svg)), { width: 2 * w!, height: 2 * h! });
  const { width, height } = pngSize(await renderPng(svg, { width: 500 }));
  assert.equal(width, 500);
  assert.ok(Math.abs(height - (500 * h!) / w!) <= 1);
  await assert.rejects(renderPng(svg, { width: 0 }), /PNG width must be an integer from 1 to 16384/);
});

test('writeTaskFigures (spring): every Figure 2 panel and the learned phase space as SVG + PNG, with captions', async () => {
  const dataset = generateSpringDataset({ seed: 0, samples: 5 });
  const models = { baseline: new Baseline(f64, mlp, new Random(1)), hnn: new HNN(f64, mlp, 'solenoidal', new Random(2)) };
  const names = ['data', 'baseline-field', 'hnn-field', 'mse', 'hnn-conserved', 'energy', 'learned-h', 'rollout'].map((n) => `spring-${n}`);
  const dir = tmp();
  const written = await writeTaskFigures(dir, stateTaskByName('spring'), models, dataset);
  assert.deepEqual(written.map((f) => f.name), names);
  for (const f of written) {
    assert.match(f.caption, /^Ideal mass-spring: .+\.$/);
    assert.equal(parseXml(readFileSync(f.svg, 'utf8')).name, 'svg');
    assert.ok(pngSize(readFileSync(f.png)).width > 600);
  }
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  // The conserved-quantity panel draws the drift H − H₀, starting at 0, and names H₀.
  const conserved = readFileSync(written.find((f) => f.name === 'spring-hnn-conserved')!.svg, 'utf8');
  assert.match(conserved, /HNN-conserved quantity \(H₀ = -?\d/);
  assert.match(conserved, /learned H − H₀/);
  // report.html shows each figure at its own width: the two-panel learned-H figure is wider than the others.
  const html = reportHtml([], [{ task: 'spring', figures: written }], dir, 'settings');
  const widths = Object.fromEntries(written.map((f) => [f.name, f.width]));
  assert.ok(widths['spring-learned-h']! > 1.5 * widths['spring-energy']!, JSON.stringify(widths));
  for (const f of written) assert.ok(html.includes(`<figure style="max-width: ${Math.ceil(f.width)}px"><img src="${f.name}.svg"`), f.name);
  assert.deepEqual(taskFigures(stateTaskByName('two-body'), { baseline: new Baseline(f64, { ...mlp, inputDim: 8 }, new Random(1)), hnn: new HNN(f64, { ...mlp, inputDim: 8 }, 'solenoidal', new Random(2)) }, dataset).map((f) => f.name), [
    'two-body-orbits',
    'two-body-energy-terms',
    'two-body-mse',
    'two-body-hnn-conserved',
    'two-body-energy',
  ]);
});

// ---------- the CLI ----------

test('hnn plot: writes SVG or PNG by extension (exit 0); unknown kind, a baseline H, a bad start → exit 2 with one line', () => {
  const dir = tmp();
  const hnnPath = join(dir, 'spring-hnn.json');
  const basePath = join(dir, 'spring-baseline.json');
  saveModelFile(hnnPath, modelToFile(new HNN(f64, mlp, 'solenoidal', new Random(3)), { task: 'spring' }));
  saveModelFile(basePath, modelToFile(new Baseline(f64, mlp, new Random(4)), { task: 'spring' }));
  for (const [kind, out] of [['hamiltonian', 'h.png'], ['phase', 'phase.svg'], ['energy', 'energy.svg'], ['rollout', 'rollout.png']] as const) {
    const r = hnn(['plot', hnnPath, '--kind', kind, '--out', join(dir, out), '--t-end', '3', '--x0', '0.5,0']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`wrote .*${out.replace('.', '\\.')}`));
    if (out.endsWith('.png')) assert.ok(pngSize(readFileSync(join(dir, out))).width > 0);
    else assert.equal(parseXml(readFileSync(join(dir, out), 'utf8')).name, 'svg');
  }
  const r = hnn(['plot', basePath, '--kind', 'phase']);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'spring-baseline-phase.svg')), 'default output beside the model');
  for (const [args, pattern] of [
    [['plot', hnnPath, '--kind', 'contour'], /--kind.*contour.*expected one of phase, energy, rollout, hamiltonian/],
    [['plot', basePath, '--kind', 'hamiltonian'], /only an hnn or dhnn model has/],
    [['plot', hnnPath, '--kind', 'phase', '--x0', '1,2,3'], /start state has 3 numbers but task spring has state dimension 2/],
    [['plot', hnnPath, '--kind', 'phase', '--out', join(dir, 'x.jpg')], /cannot tell the figure format from "\.jpg"/],
    [['plot', hnnPath, '--kind', 'rollout', '--state', '0.3,0'], /--state renders a pendulum state into frames, for pixel models; .* is a model of states/],
    [['plot', hnnPath, '--kind', 'rollout', '--trajectory', '2'], /--trajectory picks a test trajectory of a pixel model's data; .* is a model of states/],
  ] as const) {
    const bad = hnn([...args]);
    assert.equal(bad.status, 2, `${args.join(' ')}: ${bad.stderr}`);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    assert.match(bad.stderr, pattern);
  }
  assert.ok(!existsSync(join(dir, 'x.jpg')));
});
