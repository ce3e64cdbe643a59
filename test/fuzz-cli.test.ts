import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Command } from 'commander';
import { evaluateCommand } from '../src/cli/commands/evaluate.js';
import { importTorchCommand } from '../src/cli/commands/import-torch.js';
import { plotCommand } from '../src/cli/commands/plot.js';
import { reproduceCommand } from '../src/cli/commands/reproduce.js';
import { checkSimulateFlags, simulateCommand } from '../src/cli/commands/simulate.js';
import { trainCommand } from '../src/cli/commands/train.js';
import { taskFromFlags } from '../src/cli/task-flags.js';
import { FLOAT32_MAX, MAX_HIDDEN_WIDTH, MAX_POINTS, MAX_SEED } from '../src/core/limits.js';
import { MAX_STEPS } from '../src/cli/options.js';
import { MAX_DAMPING } from '../src/tasks/damped-spring.js';
import { MAX_DRAWN_ROWS } from '../src/tasks/draw.js';
import { fuzz, summary } from './helpers/fuzz.js';

/** The commands, built fresh for every case (Commander keeps parsed values on the command). */
const COMMANDS: Record<string, () => Command> = {
  train: trainCommand,
  evaluate: evaluateCommand,
  simulate: simulateCommand,
  plot: plotCommand,
  'import-torch': importTorchCommand,
  reproduce: reproduceCommand,
};
const NAMES = Object.keys(COMMANDS);

/** Every long flag of every command. */
const FLAGS = [...new Set(NAMES.flatMap((name) => COMMANDS[name]!().options.map((o) => o.long!)))];

/** Values as a hostile user types them: other notations, out-of-range, non-finite, huge, empty, words. */
const VALUE = fc.oneof(
  fc.constantFrom(
    '0', '1', '2', '16', '0x10', '1e3', '1e-300', '1e300', '1e308', '1e8', '1e20', '2^53', '9007199254740992', '18446744073709551616', '4294967295', '4294967296',
    'Infinity', '-Infinity', 'NaN', '1_000', '1,000', '1,0', '1e308,1e308', '0.1,0', '-1', '-0', '+3', '.5', '5.', '1e', '', ' ', ' 12', '12 ', '3.5e38', '3.4e38',
    '1e-12', '1e-13', '0.01', '1e-12', '100000', '4096', '4097', 'spring', 'pendulum', 'hnn', 'baseline', 'dhnn', 'rk4', 'dopri5', 'leapfrog', 'implicit-midpoint',
    'clean', 'paper', 'all', 'spring,moon', 'm.json', 'x.js', 'p^2/2 + q^4/4', 'q:theta,p:omega', 'json', 'csv', 'phase', 'rollout', 'auto', 'wasm', 'js', 'native',
  ),
  fc.double().map(String),
  fc.integer().map(String),
  fc.string({ maxLength: 8 }),
);

/** A valid call of each command, which the cases then change. */
const BASE: Record<string, string[]> = {
  train: ['--task', 'spring', '--model', 'hnn'],
  evaluate: ['m.json'],
  simulate: ['m.json', '--t-end', '10', '--x0', '1,0'],
  plot: ['m.json', '--kind', 'phase'],
  'import-torch': ['w.json', '--task', 'spring', '--model', 'hnn', '--out', 'm.json'],
  reproduce: [],
};

/** Plausible values (so that many cases parse): numbers of every size and the words the flags take. */
const PLAUSIBLE = fc.oneof(
  fc.integer({ min: 0, max: 5000 }).map(String),
  fc.double({ min: 1e-13, max: 2e6, noNaN: true }).map(String),
  fc.constantFrom('0.5', '1e-3', '1e-9', '20', '100', '2', 'spring', 'hnn', 'rk4', 'leapfrog', '0.1,0', '1,0', '0,1,2'),
);

/**
 * An argument list: a valid call of a command with up to four changes, each a flag (mostly the
 * command's own, sometimes another's or none known) with a plausible or hostile value, or none.
 */
const ARGS = fc.constantFrom(...NAMES).chain((name) => {
  const own = COMMANDS[name]!().options.map((o) => o.long!);
  const flag = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.constantFrom(...FLAGS) }, { weight: 1, arbitrary: fc.constantFrom('--bogus', '-x', '--', '--help', 'extra') });
  const value = fc.option(fc.oneof(PLAUSIBLE, VALUE), { nil: undefined, freq: 8 });
  return fc.tuple(fc.constant(name), fc.array(fc.tuple(flag, value), { maxLength: 4 }), fc.boolean());
});

/** What a parse gave: the options the action received. */
type Flags = Record<string, unknown>;

/** Parses `args` with the command's real parsers; the action only checks the flags as the real action does first. */
function parseArgs([name, pairs, positional]: [string, [string, string | undefined][], boolean]): Flags {
  const command = COMMANDS[name]!();
  const silent = { writeOut: () => {}, writeErr: () => {}, outputError: () => {} };
  command.exitOverride().configureOutput(silent);
  let flags: Flags = {};
  command.action((...args: unknown[]) => {
    flags = args[args.length - 2] as Flags;
    if (name === 'simulate') checkSimulateFlags(flags as never);
    if (name === 'train' && flags['data'] === undefined && !String(flags['task'] ?? '').endsWith('.js')) taskFromFlags(flags);
  });
  // Mostly the valid call with changes appended (a repeated flag takes its last value); sometimes the changes alone.
  const argv = [...(positional ? BASE[name]! : []), ...pairs.flatMap(([flag, value]) => (value === undefined ? [flag] : [flag, value]))];
  command.parse(argv, { from: 'user' });
  return flags;
}

/** The parsed flags keep the ranges the parsers promise. */
function validFlags(value: unknown): void {
  const flags = value as Flags;
  const integer = (key: string, min: number, max: number) => {
    const v = flags[key];
    if (v !== undefined) assert.ok(Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max, `${key} = ${v}`);
  };
  const number = (key: string, min: number, max: number) => {
    const v = flags[key];
    if (v !== undefined) assert.ok(typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max, `${key} = ${v}`);
  };
  integer('steps', 1, MAX_STEPS);
  integer('batchSize', 1, MAX_STEPS);
  integer('hidden', 1, MAX_HIDDEN_WIDTH);
  integer('checkpointEvery', 1, MAX_STEPS);
  integer('seed', 0, MAX_SEED);
  integer('points', 2, MAX_POINTS);
  integer('threads', 1, 64);
  integer('trajectory', 0, MAX_SEED);
  integer('maxSteps', 1, 1e9);
  integer('trajectories', 1, MAX_DRAWN_ROWS);
  number('tEnd', Number.MIN_VALUE, 1e6);
  number('addEnergy', Number.MIN_VALUE, 1e6);
  number('rtol', 1e-12, 1);
  number('dt', Number.MIN_VALUE, 1e6);
  number('lr', Number.MIN_VALUE, Number.MAX_VALUE);
  number('weightDecay', 0, Number.MAX_VALUE);
  number('testFraction', Number.MIN_VALUE, 1);
  number('stepsScale', Number.MIN_VALUE, 1000);
  number('damping', 0, MAX_DAMPING);
  number('noise', 0, Number.MAX_VALUE);
  for (const key of ['x0', 'state', 'seeds']) {
    const v = flags[key];
    if (v !== undefined) for (const x of v as number[]) assert.ok(Number.isFinite(x) && Math.abs(x) <= FLOAT32_MAX, `${key} has ${x}`);
  }
  if (flags['seeds']) for (const s of flags['seeds'] as number[]) assert.ok(Number.isInteger(s) && s >= 0 && s <= MAX_SEED);
}

test('fuzz: the command-line parsers of every command, in-process (strict numbers, ranges, one-line errors)', (t) => {
  const stats = fuzz('CLI arguments', ARGS, parseArgs, {
    valid: validFlags,
    check: (e) => {
      // Ours are one line; Commander may add its "(Did you mean …?)" suggestion on a second.
      const [first, ...rest] = e.message.split('\n');
      assert.ok(first!.length > 0 && rest.every((line) => /^\(Did you mean/.test(line)), `one line: ${e.message}`);
    },
    show: (input) => JSON.stringify(input),
  });
  t.diagnostic(summary(stats));
  assert.ok(stats.cases >= 10_000 || process.env['HNN_FUZZ_RUNS'] !== undefined);
  assert.ok(stats.accepted > 100 && stats.cleanErrors > 100, summary(stats));
});
