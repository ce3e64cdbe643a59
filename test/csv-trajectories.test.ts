import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCoordinateNames } from '../src/data/coordinate-names.js';
import { readCsvTrajectories, REAL_PENDULUM_LAYOUT, type CsvTrajectoryOptions } from '../src/data/csv-trajectories.js';
import { InputError } from '../src/core/errors.js';

/** A file's text from its lines. */
const file = (...lines: string[]): string => lines.join('\n') + '\n';

test('t,q,p: one trajectory, states in q, p order', () => {
  const r = readCsvTrajectories(file('t,q,p', '0,1,-1', '0.1,2,-2', '0.3,3,-3'), 'a.csv');
  assert.equal(r.dim, 2);
  assert.deepEqual(r.coordinates, ['q', 'p']);
  assert.equal(r.trajectories.length, 1);
  const [tr] = r.trajectories;
  assert.equal(tr!.id, '');
  assert.deepEqual([...tr!.t], [0, 0.1, 0.3]);
  assert.deepEqual([...tr!.x], [1, -1, 2, -2, 3, -3]);
  assert.equal(tr!.dx, null);
  assert.deepEqual(r.columns, { time: 't', trajectory: null, derivatives: null, ignored: [] });
});

test('header variants: any column order, blanks, quotes, comments, CRLF, a byte-order mark, ; and tab separators', () => {
  const expected = { t: [0, 0.5, 1], x: [1, 4, 2, 5, 3, 6] };
  const variants: [string, string][] = [
    ['reordered', file('p,t,q', '4,0,1', '5,0.5,2', '6,1,3')],
    ['blanks', file('  t , q ,p  ', ' 0 , 1 , 4', '0.5,2,5 ', '1 ,3,6')],
    ['quoted', file('"t","q","p"', '0,1,4', '0.5,2,5', '1,3,6')],
    ['comments', file('# made by hand', '', 't,q,p   # header', '0,1,4', '# a note', '', '0.5,2,5 # trailing', '1,3,6')],
    ['crlf+bom', '\uFEFFt,q,p\r\n0,1,4\r\n0.5,2,5\r\n1,3,6\r\n'],
    ['semicolon', file('t;q;p', '0;1;4', '0.5;2;5', '1;3;6')],
    ['tab', file('t\tq\tp', '0\t1\t4', '0.5\t2\t5', '1\t3\t6')],
    ['number forms', file('t,q,p', '0,1.,+4', '.5,2e0,5.0', '1E0,3,6')],
  ];
  for (const [name, text] of variants) {
    const [tr] = readCsvTrajectories(text, `${name}.csv`).trajectories;
    assert.deepEqual({ t: [...tr!.t], x: [...tr!.x] }, expected, name);
  }
});

test('q1..qn, p1..pn in any column order give states q1..qn, p1..pn; other columns are ignored and listed', () => {
  const r = readCsvTrajectories(file('t,p2,q1,energy,p1,q2', '0,4,1,9,3,2', '1,8,5,9,7,6', '2,12,9,9,11,10'), 'n.csv');
  assert.equal(r.dim, 4);
  assert.deepEqual(r.coordinates, ['q1', 'q2', 'p1', 'p2']);
  assert.deepEqual([...r.trajectories[0]!.x], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.deepEqual(r.columns.ignored, ['energy']);
});

test('a trajectory column splits the rows into trajectories, in file order, with their ids', () => {
  const r = readCsvTrajectories(file('trajectory,t,q,p', 'b,0,1,1', 'b,1,2,2', 'b,2,3,3', 'a,0,7,7', 'a,0.5,8,8', 'a,1,9,9', 'a,2,10,10'), 'ids.csv');
  assert.deepEqual(r.trajectories.map((tr) => tr.id), ['b', 'a']);
  assert.deepEqual([...r.trajectories[1]!.t], [0, 0.5, 1, 2]);
  assert.deepEqual([...r.trajectories[1]!.x], [7, 7, 8, 8, 9, 9, 10, 10]);
  assert.equal(r.columns.trajectory, 'trajectory');
});

test('derivative columns d<name> are read in state order: dq, dp; dq1..; or mapped names', () => {
  const plain = readCsvTrajectories(file('t,q,p,dp,dq', '0,1,2,-1,2', '1,3,4,-3,4', '2,5,6,-5,6'), 'd.csv');
  assert.deepEqual([...plain.trajectories[0]!.dx!], [2, -1, 4, -3, 6, -5]);
  assert.deepEqual(plain.columns.derivatives, ['dq', 'dp']);
  const numbered = readCsvTrajectories(file('t,q1,q2,p1,p2,dq1,dq2,dp1,dp2', '0,1,2,3,4,5,6,7,8', '1,1,2,3,4,5,6,7,8', '2,1,2,3,4,5,6,7,8'), 'd2.csv');
  assert.deepEqual([...numbered.trajectories[0]!.dx!.subarray(0, 4)], [5, 6, 7, 8]);
  const coords = parseCoordinateNames('q:theta,p:omega');
  const mapped = readCsvTrajectories(file('time_index,t,theta,omega,domega,dtheta', '0,0,1,2,3,4', '1,1,1,2,3,4', '2,2,1,2,3,4'), 'm.csv', { coords });
  assert.deepEqual(mapped.coordinates, ['theta', 'omega']);
  assert.deepEqual([...mapped.trajectories[0]!.x.subarray(0, 2)], [1, 2]);
  assert.deepEqual([...mapped.trajectories[0]!.dx!.subarray(0, 2)], [4, 3]);
  assert.deepEqual(mapped.columns.ignored, ['time_index']);
});

test('--coords: q:NAME and p:NAME entries, repeated for more pairs', () => {
  assert.deepEqual(parseCoordinateNames('q:theta,p:omega'), { q: ['theta'], p: ['omega'] });
  assert.deepEqual(parseCoordinateNames(' q:x1 , q:x2,p:v1,p:v2 '), { q: ['x1', 'x2'], p: ['v1', 'v2'] });
  const bad: [string, string][] = [
    ['q:theta,p', 'coords "q:theta,p": entry "p" at 9 is not q:NAME or p:NAME; expected e.g. q:theta,p:omega'],
    ['q:theta, x:omega', 'coords "q:theta, x:omega": entry "x:omega" at 10 is not q:NAME or p:NAME; expected e.g. q:theta,p:omega'],
    ['', 'coords "": entry "" at 1 is not q:NAME or p:NAME; expected e.g. q:theta,p:omega'],
    ['q:x1,q:x2,p:v1', "coords \"q:x1,q:x2,p:v1\": 2 q names (x1, x2) but 1 p name (v1); expected as many p's as q's"],
    ['q:a,p:a', 'coords "q:a,p:a": "a" is named twice; expected distinct columns'],
  ];
  for (const [text, message] of bad) assert.throws(() => parseCoordinateNames(text), (e: unknown) => e instanceof InputError && e.message === message);
});

/** Asserts that reading `text` as `data.csv` fails with exactly `message`. */
function rejects(text: string, message: string, options: CsvTrajectoryOptions = {}): void {
  assert.throws(
    () => readCsvTrajectories(text, 'data.csv', options),
    (e: unknown) => {
      assert.ok(e instanceof InputError, String(e));
      assert.equal(e.message, message);
      return true;
    },
  );
}

test('header errors name the file, the header line and the column', () => {
  rejects('', 'data.csv: no header line; expected column names such as t,q,p');
  rejects(file('# only a comment', 't,q,p'), 'data.csv: line 2: no data rows after the header; expected at least 3');
  rejects(file('time,q,p', '0,1,2'), 'data.csv: line 1: no column "t" among time, q, p; expected a time column named t');
  rejects(file('t,q,p,q', '0,1,2,3'), 'data.csv: line 1, column 4: duplicate column "q" (also column 2); expected distinct names');
  rejects(file('t,q,,p', '0,1,2,3'), 'data.csv: line 1, column 3: empty column name; expected a name such as t, q or p');
  rejects(
    file('t,theta,omega', '0,1,2'),
    'data.csv: line 1: no coordinate columns among t, theta, omega; expected q and p, or q1..qn and p1..pn, or coords naming yours (e.g. --coords q:theta,p:omega)',
  );
  rejects(file('t,q1,q2,p1', '0,1,2,3'), "data.csv: line 1: 2 q columns (q1, q2) but 1 p column (p1); expected as many p's as q's");
  rejects(file('t,q,p,q1,p1', '0,1,2,3,4'), 'data.csv: line 1: both q/p and numbered columns (q1, p1); expected one of the two, or name the coordinates with coords');
  rejects(file('t,q1,q3,p1,p3', '0,1,2,3,4'), 'data.csv: line 1: q columns q1, q3; expected them numbered q1, q2');
  rejects(file('t,q,p', '0,1,2'), 'data.csv: line 1: no column "theta" (a coordinate named by coords) among t, q, p; expected every named coordinate in the header', {
    coords: { q: ['theta'], p: ['p'] },
  });
  rejects(file('t,q,p', '0,1,2'), "coords: 1 q name (q) but 2 p names (p, t); expected as many p's as q's", { coords: { q: ['q'], p: ['p', 't'] } });
  rejects(file('t,q,p', '0,1,2'), 'data.csv: line 1: coords name the time column "t" as a coordinate; expected other columns', { coords: { q: ['t'], p: ['p'] } });
  rejects(file('t,q,p,dq', '0,1,2,3'), 'data.csv: line 1: derivative columns dp missing while dq present; expected d<name> for every coordinate or for none');
});

test('row errors name the file, line and column (index and header name)', () => {
  const head = ['# comment', 't,q,p'];
  rejects(file(...head, '0,1,2', '0.1,1', '0.2,1,2'), 'data.csv: line 4, column 3: missing cell (p); expected 3 cells (t, q, p), got 2');
  rejects(file(...head, '0,1,2', '0.1,1,2,9'), 'data.csv: line 4, column 4: extra cell "9"; expected 3 cells (t, q, p), got 4');
  rejects(file(...head, '0,1,2', '0.1,abc,2'), 'data.csv: line 4, column 2 (q): "abc" is not a number; expected a decimal number such as -1.5e-3');
  rejects(file(...head, '0,1,2', '0.1,1,'), 'data.csv: line 4, column 3 (p): empty cell; expected a number');
  rejects(file(...head, '0,NaN,2'), 'data.csv: line 3, column 2 (q): "NaN" is not a number; expected a finite number');
  rejects(file(...head, '0,1,-Infinity'), 'data.csv: line 3, column 3 (p): "-Infinity" is not a number; expected a finite number');
  rejects(file(...head, '0,1,1e400'), 'data.csv: line 3, column 3 (p): 1e400 is too large; expected a finite number');
  rejects(file(...head, '0x1,1,2'), 'data.csv: line 3, column 1 (t): "0x1" is not a number; expected a decimal number such as -1.5e-3');
  rejects(file('t;q;p', '0;1,5;2'), 'data.csv: line 2, column 2 (q): "1,5" is not a number; expected a decimal point, not a comma');
  rejects(
    file(...head, '0,1,2', '0.5,1,2', '0.5,1,2'),
    "data.csv: line 5, column 1 (t): time 0.5 does not increase within the file's one trajectory (add a trajectory column if it holds several); line 4 has 0.5",
  );
  rejects(file('q,p,t,trajectory', '1,2,0,a', '1,2,1,a', '1,2,0.5,a'), 'data.csv: line 4, column 3 (t): time 0.5 does not increase within trajectory "a"; line 3 has 1');
  rejects(
    file('trajectory,t,q,p', 'a,0,1,2', 'a,1,1,2', 'a,2,1,2', 'b,0,1,2', 'b,1,1,2', 'b,2,1,2', 'a,3,1,2'),
    'data.csv: line 8, column 1 (trajectory): trajectory "a" resumes after other rows (its rows end at line 4); expected the rows of each trajectory together',
  );
  rejects(file('trajectory,t,q,p', 'a,0,1,2', 'a,1,1,2', 'a,2,1,2', ',3,1,2'), 'data.csv: line 5, column 1 (trajectory): empty cell; expected a trajectory id');
  rejects(
    file('trajectory,t,q,p', 'a,0,1,2', 'a,1,1,2', 'a,2,1,2', 'b,0,1,2', '# gap', 'b,1,1,2'),
    'data.csv: line 5, column 1 (trajectory): trajectory "b" has 2 rows (lines 5–7); expected at least 3',
  );
  rejects(file('t,q,p', '', '0,1,2', '1,1,2'), 'data.csv: line 3: the file has 2 rows (lines 3–4); expected at least 3');
});

test('the real-pendulum layout: blank-separated trial, t, q, p without a header, % lines skipped', () => {
  const text = file('%o v', '  0.0e+000  5.0e+000  1.1e+000  9.1e-001 ', '  0.0e+000  5.1e+000  1.2e+000  7.1e-001', '  0.0e+000  5.2e+000  1.3e+000  4.9e-001', '1 0 0 0', '1 1 0 0', '1 2 0 0');
  const r = readCsvTrajectories(text, 'real.txt', { layout: REAL_PENDULUM_LAYOUT });
  assert.deepEqual(r.trajectories.map((tr) => tr.id), ['0.0e+000', '1']);
  assert.deepEqual([...r.trajectories[0]!.x], [1.1, 0.91, 1.2, 0.71, 1.3, 0.49]);
  assert.equal(r.columns.trajectory, 'trial');
  assert.throws(() => readCsvTrajectories(file('%o v', '0 1 2'), 'real.txt', { layout: REAL_PENDULUM_LAYOUT }), /^InputError: real\.txt: line 2, column 4: missing cell \(p\); expected 4 cells \(trial, t, q, p\), got 3$/);
  assert.throws(() => readCsvTrajectories('%o v\n', 'real.txt', { layout: REAL_PENDULUM_LAYOUT }), /^InputError: real\.txt: no data rows; expected rows of trial, t, q, p$/);
});
