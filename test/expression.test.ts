import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExpressionError, parseExpression } from '../src/core/expression.js';
import { Random } from '../src/core/random.js';
import { InputError } from '../src/core/errors.js';

type Fn = (x: number[]) => number;

/** Expressions with the same function written as plain JavaScript, and the range points are drawn from. */
const CASES: { text: string; vars: string[]; js: Fn; lo: number; hi: number }[] = [
  { text: 'p^2/2 + q^4/4', vars: ['q', 'p'], js: ([q, p]) => p! ** 2 / 2 + q! ** 4 / 4, lo: -2, hi: 2 },
  { text: '1 - cos(q) + p^2/2', vars: ['q', 'p'], js: ([q, p]) => 1 - Math.cos(q!) + p! ** 2 / 2, lo: -3, hi: 3 },
  {
    text: '(p1^2 + p2^2)/2 - 1/sqrt((q1-q2)^2 + 0.01)',
    vars: ['q1', 'q2', 'p1', 'p2'],
    js: ([q1, q2, p1, p2]) => (p1! ** 2 + p2! ** 2) / 2 - 1 / Math.sqrt((q1! - q2!) ** 2 + 0.01),
    lo: -1,
    hi: 1,
  },
  { text: 'exp(sin(theta)*omega) + log(1 + omega^2)', vars: ['theta', 'omega'], js: ([a, b]) => Math.exp(Math.sin(a!) * b!) + Math.log(1 + b! ** 2), lo: -2, hi: 2 },
  { text: 'abs(q)^1.5 + (p^2 + 1)^0.3', vars: ['q', 'p'], js: ([q, p]) => Math.abs(q!) ** 1.5 + (p! ** 2 + 1) ** 0.3, lo: 0.1, hi: 2 },
  { text: 'q^p + 2^q - sqrt(q*p)', vars: ['q', 'p'], js: ([q, p]) => q! ** p! + 2 ** q! - Math.sqrt(q! * p!), lo: 0.2, hi: 2 },
  { text: 'tanh(sinh(q)) / cosh(p) + tan(q/3)', vars: ['q', 'p'], js: ([q, p]) => Math.tanh(Math.sinh(q!)) / Math.cosh(p!) + Math.tan(q! / 3), lo: -2, hi: 2 },
  { text: 'pi*x^2 + e^(-y) - 1e-3*x*y + .5', vars: ['x', 'y'], js: ([x, y]) => Math.PI * x! ** 2 + Math.E ** -y! - 1e-3 * x! * y! + 0.5, lo: -1, hi: 1 },
  { text: '-(q - 1)^-2 + log(exp(q)^3) - -p', vars: ['q', 'p'], js: ([q, p]) => -((q! - 1) ** -2) + Math.log(Math.exp(q!) ** 3) - -p!, lo: 1.5, hi: 3 },
];

/** A point of `n` numbers drawn uniformly from [lo, hi). */
function point(rng: Random, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => rng.uniform(lo, hi));
}

test('expression values equal the same formula written in JavaScript', () => {
  const rng = new Random(1);
  for (const c of CASES) {
    const f = parseExpression(c.text, c.vars);
    for (let k = 0; k < 20; k++) {
      const x = point(rng, c.vars.length, c.lo, c.hi);
      assert.equal(f.value(x), c.js(x), `${c.text} at ${x}`);
      assert.equal(f.value(Float64Array.from(x)), c.js(x), 'typed arrays too');
    }
  }
});

test('expression gradients agree with float64 central differences', () => {
  const rng = new Random(2);
  for (const c of CASES) {
    const f = parseExpression(c.text, c.vars);
    const grad = new Float64Array(c.vars.length);
    for (let k = 0; k < 20; k++) {
      const x = point(rng, c.vars.length, c.lo, c.hi);
      f.gradient(x, grad);
      for (let i = 0; i < x.length; i++) {
        const h = 1e-6 * Math.max(1, Math.abs(x[i]!));
        const shifted = (s: number): number => f.value(x.map((v, j) => (j === i ? v + s : v)));
        const numeric = (shifted(h) - shifted(-h)) / (2 * h);
        const err = Math.abs(grad[i]! - numeric) / Math.max(1, Math.abs(numeric));
        assert.ok(err < 1e-7, `${c.text}: ∂/∂${c.vars[i]} at ${x}: exact ${grad[i]}, central ${numeric}`);
      }
    }
  }
});

test('precedence and associativity: ^ is right-associative and binds tighter than unary minus', () => {
  const cases: [string, Fn][] = [
    ['-q^2', ([q]) => -(q! ** 2)],
    ['2^3^2', () => 2 ** (3 ** 2)],
    ['-2^2', () => -(2 ** 2)],
    ['(-2)^2', () => (-2) ** 2],
    ['2^-1', () => 2 ** -1],
    ['2^-q^2', ([q]) => 2 ** -(q! ** 2)],
    ['8/4/2', () => 8 / 4 / 2],
    ['2-3-4', () => 2 - 3 - 4],
    ['2*3^2', () => 2 * 3 ** 2],
    ['1+2*3-4/2', () => 1 + 2 * 3 - 4 / 2],
    ['-q*p', ([q, p]) => -q! * p!],
    ['q/2*p', ([q, p]) => (q! / 2) * p!],
    ['+q - +p', ([q, p]) => q! - p!],
    ['--q', ([q]) => q!],
    ['q*-p', ([q, p]) => q! * -p!],
    ['-sin(q)^2', ([q]) => -(Math.sin(q!) ** 2)],
  ];
  const x = [0.7, -1.3];
  for (const [text, js] of cases) assert.equal(parseExpression(text, ['q', 'p']).value(x), js(x), text);
});

test('number forms: 2, 0.5, .5, 2., 1e-3, 1E+2', () => {
  for (const [text, v] of [['2', 2], ['0.5', 0.5], ['.5', 0.5], ['2.', 2], ['1e-3', 0.001], ['1E+2', 100], ['2.5e1', 25]] as const) {
    assert.equal(parseExpression(text, []).value([]), v, text);
  }
});

test('toString parses back to the same function and is a fixed point', () => {
  const rng = new Random(3);
  const more = ['(-q)^2 - -q * -(p + q) + q^-p^2', 'a - (b - c) + (a + b) + c', '(q^2)^3 / (p / q)', '-(q + p)^(1/2)'];
  const all = [...CASES.map((c) => [c.text, c.vars] as const), ...more.map((t) => [t, ['q', 'p', 'a', 'b', 'c']] as const)];
  for (const [text, vars] of all) {
    const f = parseExpression(text, vars);
    const g = parseExpression(f.toString(), vars);
    assert.equal(g.toString(), f.toString());
    for (let k = 0; k < 5; k++) {
      const x = point(rng, vars.length, 0.2, 2);
      assert.ok(Object.is(g.value(x), f.value(x)), `${text} → ${f.toString()}`);
    }
  }
  assert.equal(parseExpression('(p^2)/2+((q))', ['q', 'p']).toString(), 'p^2 / 2 + q');
  assert.equal(parseExpression('2*pi*e', []).toString(), '2 * pi * e');
});

test('variablesUsed lists the variables that occur, in the caller\'s order; the others have zero gradient', () => {
  const f = parseExpression('p^2/2 + cos(q2)', ['q1', 'q2', 'p']);
  assert.deepEqual(f.variablesUsed, ['q2', 'p']);
  assert.deepEqual(f.variables, ['q1', 'q2', 'p']);
  const grad = new Float64Array(3).fill(7);
  f.gradient([0.3, 0.5, 2], grad);
  assert.deepEqual([...grad], [0, -Math.sin(0.5), 2]);
  assert.deepEqual(parseExpression('pi', ['q']).variablesUsed, []);
});

test('a point with fewer numbers than variables is a programming error (RangeError)', () => {
  assert.throws(() => parseExpression('q + p', ['q', 'p']).value([1]), RangeError);
});

/** Asserts that `text` fails with an ExpressionError whose message is `message` and position `position`. */
function rejects(text: string, position: number, message: string, vars = ['q', 'p']): void {
  assert.throws(
    () => parseExpression(text, vars),
    (e: unknown) => {
      assert.ok(e instanceof ExpressionError && e instanceof InputError, `${text}: ${String(e)}`);
      assert.equal(e.message, message, text);
      assert.equal(e.position, position, text);
      assert.ok(!e.message.includes('\n'), 'one line');
      return true;
    },
  );
}

test('every error names its 1-based position and what was expected', () => {
  const operand = "a number, a variable, a function or '('";
  rejects('', 1, `empty expression at 1; expected ${operand}`);
  rejects('   ', 1, `empty expression at 1; expected ${operand}`);
  rejects('p^2/2 +', 8, `unexpected end of input at 8; expected ${operand}`);
  rejects('q + )', 5, `unexpected ')' at 5; expected ${operand}`);
  rejects('(q + p', 7, "unexpected end of input at 7; expected an operator (+ - * / ^) or ')' to close the '(' at 1");
  rejects('sin(q p)', 7, "unexpected name \"p\" at 7; expected an operator (+ - * / ^) or ')' to close the '(' at 4");
  rejects('q)', 2, "unexpected ')' at 2; expected an operator (+ - * / ^) or the end of the expression");
  rejects('2q', 2, 'unexpected name "q" at 2; expected an operator (+ - * / ^) or the end of the expression');
  rejects('q + 1 2', 7, 'unexpected number 2 at 7; expected an operator (+ - * / ^) or the end of the expression');
  rejects('sin q', 5, "unexpected name \"q\" at 5; expected '(' after the function sin");
  rejects('p**2', 2, "unexpected '**' at 2; expected ^ for a power (p^2)");
  rejects('q # p', 3, `unexpected character '#' at 3; expected ${operand}, an operator (+ - * / ^) or ')'`);
  rejects('1e999 * q', 1, 'number 1e999 at 1 is too large; expected a finite number');
  rejects(
    'p^2 + qq',
    7,
    'unknown name "qq" at 7; known: q, p, pi, e and the functions sin, cos, tan, exp, log, sqrt, abs, tanh, sinh, cosh',
  );
  rejects('theta + omega', 9, 'unknown name "omega" at 9; known: theta, pi, e and the functions sin, cos, tan, exp, log, sqrt, abs, tanh, sinh, cosh', ['theta']);
});

test('pi and e are constants; a variable with their name (or a function\'s) is refused', () => {
  assert.equal(parseExpression('e^q * pi', ['q']).value([0.5]), Math.E ** 0.5 * Math.PI);
  const refused: [string[], RegExp][] = [
    [['q', 'e'], /^variable name "e" is reserved for the constant e in expressions; rename the variable$/],
    [['pi'], /^variable name "pi" is reserved for the constant pi/],
    [['sin'], /^variable name "sin" is reserved for the function sin/],
    [['q', 'q'], /^variable name "q" is given twice/],
    [['2x'], /^variable name "2x" is not a name/],
  ];
  for (const [vars, message] of refused) {
    assert.throws(() => parseExpression('1', vars), (e: unknown) => e instanceof InputError && message.test(e.message));
  }
});
