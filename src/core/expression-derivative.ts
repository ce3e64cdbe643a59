import type { BinaryOperator, ExprNode, TreeFunction } from './expression-tree.js';

const num = (value: number): ExprNode => ({ kind: 'number', value });
const isNumber = (node: ExprNode, value?: number): boolean => node.kind === 'number' && (value === undefined || node.value === value);
const valueOf = (node: ExprNode): number => (node.kind === 'number' ? node.value : NaN);

/** −a, folding numbers and double negation. */
function neg(a: ExprNode): ExprNode {
  if (a.kind === 'number') return num(-a.value);
  return a.kind === 'negate' ? a.arg : { kind: 'negate', arg: a };
}

/** a op b, folding numbers and the identities of 0 and 1 (0·a = 0: derivatives of unused variables vanish). */
function binary(op: BinaryOperator, a: ExprNode, b: ExprNode): ExprNode {
  if (isNumber(a) && isNumber(b)) {
    const [x, y] = [valueOf(a), valueOf(b)];
    return num(op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : x ** y);
  }
  switch (op) {
    case '+':
      return isNumber(a, 0) ? b : isNumber(b, 0) ? a : { kind: 'binary', op, left: a, right: b };
    case '-':
      return isNumber(b, 0) ? a : isNumber(a, 0) ? neg(b) : { kind: 'binary', op, left: a, right: b };
    case '*':
      if (isNumber(a, 0) || isNumber(b, 0)) return num(0);
      return isNumber(a, 1) ? b : isNumber(b, 1) ? a : { kind: 'binary', op, left: a, right: b };
    case '/':
      return isNumber(a, 0) ? num(0) : isNumber(b, 1) ? a : { kind: 'binary', op, left: a, right: b };
    case '^':
      return isNumber(b, 1) ? a : isNumber(b, 0) ? num(1) : { kind: 'binary', op, left: a, right: b };
  }
}

const call = (fn: TreeFunction, arg: ExprNode): ExprNode => ({ kind: 'call', fn, arg });
const add = (a: ExprNode, b: ExprNode): ExprNode => binary('+', a, b);
const sub = (a: ExprNode, b: ExprNode): ExprNode => binary('-', a, b);
const mul = (a: ExprNode, b: ExprNode): ExprNode => binary('*', a, b);
const div = (a: ExprNode, b: ExprNode): ExprNode => binary('/', a, b);
const pow = (a: ExprNode, b: ExprNode): ExprNode => binary('^', a, b);

/** f′(u) for a function f of the argument tree u. */
function outerDerivative(fn: TreeFunction, u: ExprNode): ExprNode {
  switch (fn) {
    case 'sin':
      return call('cos', u);
    case 'cos':
      return neg(call('sin', u));
    case 'tan':
      return div(num(1), pow(call('cos', u), num(2)));
    case 'exp':
      return call('exp', u);
    case 'log':
      return div(num(1), u);
    case 'sqrt':
      return div(num(1), mul(num(2), call('sqrt', u)));
    case 'abs':
      return call('sign', u);
    case 'tanh':
      return sub(num(1), pow(call('tanh', u), num(2)));
    case 'sinh':
      return call('cosh', u);
    case 'cosh':
      return call('sinh', u);
    case 'sign':
      return num(0);
  }
}

/** The tree of ∂node/∂x[index], by the rules of calculus, with numbers folded and 0/1 identities removed. */
export function derivative(node: ExprNode, index: number): ExprNode {
  switch (node.kind) {
    case 'number':
      return num(0);
    case 'variable':
      return num(node.index === index ? 1 : 0);
    case 'negate':
      return neg(derivative(node.arg, index));
    case 'call':
      return mul(outerDerivative(node.fn, node.arg), derivative(node.arg, index));
    case 'binary': {
      const { left: a, right: b } = node;
      const da = derivative(a, index);
      const db = derivative(b, index);
      switch (node.op) {
        case '+':
          return add(da, db);
        case '-':
          return sub(da, db);
        case '*':
          return add(mul(da, b), mul(a, db));
        case '/':
          return sub(div(da, b), div(mul(a, db), pow(b, num(2))));
        case '^':
          // Constant exponent: b·a^(b−1)·a′; otherwise d(a^b) = a^b·(b′·ln a + b·a′/a).
          if (isNumber(db, 0)) return mul(mul(b, pow(a, sub(b, num(1)))), da);
          return mul(node, add(mul(db, call('log', a)), div(mul(b, da), a)));
      }
    }
  }
}
