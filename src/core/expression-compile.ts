import type { ExprNode, TreeFunction } from './expression-tree.js';

/** A compiled expression: its value at the point x (indexed as the variable list). */
export type CompiledExpression = (x: ArrayLike<number>) => number;

const FUNCTIONS: Readonly<Record<TreeFunction, (u: number) => number>> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  tanh: Math.tanh,
  sinh: Math.sinh,
  cosh: Math.cosh,
  sign: Math.sign,
};

/** The tree as nested closures (no eval or Function, so it runs under a strict Content-Security-Policy). */
export function compileTree(node: ExprNode): CompiledExpression {
  switch (node.kind) {
    case 'number': {
      const v = node.value;
      return () => v;
    }
    case 'variable': {
      const i = node.index;
      return (x) => x[i]!;
    }
    case 'negate': {
      const a = compileTree(node.arg);
      return (x) => -a(x);
    }
    case 'call': {
      const f = FUNCTIONS[node.fn];
      const a = compileTree(node.arg);
      return (x) => f(a(x));
    }
    case 'binary': {
      const a = compileTree(node.left);
      const b = compileTree(node.right);
      switch (node.op) {
        case '+':
          return (x) => a(x) + b(x);
        case '-':
          return (x) => a(x) - b(x);
        case '*':
          return (x) => a(x) * b(x);
        case '/':
          return (x) => a(x) / b(x);
        case '^':
          return (x) => a(x) ** b(x);
      }
    }
  }
}
