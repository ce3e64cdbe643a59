// Tasks whose data are drawn noisy trajectories can be drawn otherwise (how many, how noisy): the same
// data from the library, a recipe, and the CLI; the model file records the draw and `evaluate` redraws it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../src/core/dataset.js';
import { spring } from '../src/systems/spring.js';
import { generatePendulumDataset, generateSpringDataset } from '../src/systems/trajectory-dataset.js';
import { dampedSpringTask } from '../src/tasks/damped-spring.js';
import { PAPER_DRAW } from '../src/tasks/draw.js';
import { taskFromExpression } from '../src/tasks/expression-task.js';
import { pendulumTask } from '../src/tasks/pendulum.js';
import { taskFromRecipe } from '../src/tasks/recipes.js';
import { springTask } from '../src/tasks/spring.js';
import type { StateTask } from '../src/tasks/task.js';
import { hnn } from './helpers/cli.js';

const noFile = (file: string): string => assert.fail(`no file should be read (${file})`);

/** The dataset's arrays, for comparing two datasets bit for bit. */
const arrays = (d: Dataset): number[][] => [d.train.x, d.train.dx, d.test.x, d.test.dx].map((a) => Array.from(a));

/** The task its recipe makes again. */
const remade = (task: StateTask): StateTask => taskFromRecipe(task.recipe, 'm.json', noFile);

test('the paper draw is the built-in task: no recipe, the generators’ data', () => {
  assert.deepEqual(springTask.draw, PAPER_DRAW);
  assert.equal(springTask.recipe, undefined);
  assert.equal(pendulumTask.redraw!(PAPER_DRAW).recipe, undefined);
  assert.deepEqual(arrays(springTask.makeDataset(3)), arrays(generateSpringDataset({ seed: 3 })));
  assert.deepEqual(arrays(pendulumTask.makeDataset(3)), arrays(generatePendulumDataset({ seed: 3 })));
  assert.equal(dampedSpringTask().recipe, undefined);
});

test('another draw: its row count and noise, recorded in a recipe that makes the same data', () => {
  const clean = springTask.redraw!({ samples: 8, noiseStd: 0 });
  const data = clean.makeDataset(1);
  assert.equal(data.train.x.length + data.test.x.length, 8 * 30 * 2);
  // No noise: every target is the true field at its state.
  const x = data.train.x;
  const f = new Float64Array(2);
  for (let i = 0; i < x.length; i += 2) {
    spring.dynamics(0, Float64Array.of(x[i]!, x[i + 1]!), f);
    assert.ok(Math.abs(f[0]! - data.train.dx[i]!) < 1e-5 && Math.abs(f[1]! - data.train.dx[i + 1]!) < 1e-5, `row ${i / 2}`);
  }
  assert.deepEqual(clean.recipe, { kind: 'drawn', task: 'spring', samples: 8, noiseStd: 0 });
  for (const task of [clean, pendulumTask.redraw!({ samples: 4, noiseStd: 0.3 }), dampedSpringTask(0.2, { samples: 5, noiseStd: 0.05 }), taskFromExpression('p^2/2 + q^4/4').redraw!({ samples: 6, noiseStd: 0 })]) {
    const again = remade(task);
    assert.deepEqual(again.draw, task.draw, task.name);
    assert.deepEqual(arrays(again.makeDataset(2)), arrays(task.makeDataset(2)), task.name);
  }
});

test('a draw out of range is refused with what was expected', () => {
  assert.throws(() => springTask.redraw!({ samples: 0, noiseStd: 0.1 }), /trajectories 0: expected an integer from 1 to 1000000/);
  assert.throws(() => pendulumTask.redraw!({ samples: 50, noiseStd: -1 }), /noise -1: expected a finite number ≥ 0/);
  assert.throws(() => springTask.redraw!({ samples: 40_000, noiseStd: 0.1 }), /40000 trajectories × 30 points: expected at most 1000000 rows/);
  assert.throws(() => taskFromRecipe({ kind: 'drawn', task: 'two-body', samples: 3 }, 'm.json', noFile), /m\.json \(training\.task\).*task.*expected one of spring, pendulum/);
  assert.throws(() => taskFromRecipe({ kind: 'drawn', task: 'spring', samples: 2.5 }, 'm.json', noFile), /m\.json \(training\.task\).*samples/);
});

test('hnn train --trajectories --noise: the model file records the draw; evaluate redraws it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hnn-drawn-'));
  const out = join(dir, 'spring.json');
  const trained = hnn(['train', '--task', 'spring', '--model', 'hnn', '--steps', '20', '--trajectories', '70', '--noise', '0.05', '--json', '--out', out]);
  assert.equal(trained.status, 0, trained.stderr);
  const file = JSON.parse(readFileSync(out, 'utf8')) as { task: string; training: { task: unknown } };
  assert.equal(file.task, 'spring');
  assert.deepEqual(file.training.task, { kind: 'drawn', task: 'spring', samples: 70, noiseStd: 0.05 });
  const evaluated = hnn(['evaluate', out, '--json']);
  assert.equal(evaluated.status, 0, evaluated.stderr);
  assert.equal((JSON.parse(evaluated.stdout) as { testLoss: { mean: number } }).testLoss.mean, (JSON.parse(trained.stdout) as { testLoss: { mean: number } }).testLoss.mean);
  const paper = hnn(['train', '--task', 'spring', '--model', 'hnn', '--steps', '20', '--json', '--out', join(dir, 'paper.json')]);
  assert.notEqual((JSON.parse(paper.stdout) as { testLoss: { mean: number } }).testLoss.mean, (JSON.parse(trained.stdout) as { testLoss: { mean: number } }).testLoss.mean);
});

test('hnn train refuses a draw where the data are not drawn', () => {
  const refused = (args: string[], pattern: RegExp): void => {
    const r = hnn(['train', '--model', 'hnn', '--steps', '1', '--out', join(tmpdir(), 'never.json'), ...args]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  };
  refused(['--task', 'two-body', '--noise', '0'], /--noise applies to the tasks whose data are drawn noisy trajectories \(spring, pendulum, damped-spring, --hamiltonian\), not to two-body/);
  refused(['--task', 'real-pendulum', '--trajectories', '5'], /--trajectories applies to .* not to real-pendulum/);
  refused(['--task', 'spring', '--trajectories', '0'], /--trajectories.*expected an integer from 1 to 1000000/);
  refused(['--task', 'spring', '--noise', '-0.5'], /--noise <x>' argument '-0\.5' is invalid\. expected a non-negative number/);
  refused(['--task', 'spring', '--dataset', 'd.json', '--noise', '0'], /--noise draws the task's data; give it without --dataset/);
});
