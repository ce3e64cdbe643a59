import { InputError } from './errors.js';
import { compileTree } from './expression-compile.js';
import { derivative } from './expression-derivative.js';
import { ExpressionError, parseTree } from './expression-parser.js';
import { CONSTANTS, FUNCTION_NAMES, formatExpression, type ExprNode } from './expression-tree.js';

export { ExpressionError } from './expression-parser.js';
export { FUNCTION_NAMES, type FunctionName } from './expression-tree.js';

/** A scalar function of named variables, compiled from text, with its exact gradient. */
export interface Expression {
  /** The variable names, in the order of the points passed to `value` and `gradient`. */
  readonly variables: readonly string[];
  /** The variables that occur in the text, in the order of `variables`. */
  readonly variablesUsed: readonly string[];
  /** The value at x (x[i] is the value of variables[i]). */
  value(x: ArrayLike<number>): number;
  /** Writes ∂f/∂variables[i] at x into out[i] (exact: symbolic derivatives, compiled). */
  gradient(x: ArrayLike<number>, out: Float64Array): void;
  /** The expression in the grammar, with only the parentheses its structure needs (parses back to the same function). */
  toString(): string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws InputError unless every name is an identifier, distinct, and neither a constant (pi, e) nor a function. */
function checkVariables(variables: readonly string[]): void {
  variables.forEach((name, i) => {
    if (!IDENTIFIER.test(name)) throw new InputError(`variable name "${name}" is not a name; expected a letter or _ followed by letters, digits or _`);
    if (name in CONSTANTS) throw new InputError(`variable name "${name}" is reserved for the constant ${name} in expressions; rename the variable`);
    if ((FUNCTION_NAMES as readonly string[]).includes(name)) throw new InputError(`variable name "${name}" is reserved for the function ${name}; rename the variable`);
    if (variables.indexOf(name) !== i) throw new InputError(`variable name "${name}" is given twice; expected distinct names`);
  });
}

/** The indices of the variables that occur in a tree. */
function usedIndices(node: ExprNode, into: Set<number>): Set<number> {
  if (node.kind === 'variable') into.add(node.index);
  else if (node.kind === 'negate' || node.kind === 'call') usedIndices(node.arg, into);
  else if (node.kind === 'binary') usedIndices(node.right, usedIndices(node.left, into));
  return into;
}

/**
 * Parses `text` (named `label` in errors, when given; numbers, the given variables, pi, e, + - * / ^, parentheses, and the functions in
 * FUNCTION_NAMES; ^ is right-associative and binds tighter than unary minus) into an Expression.
 * Throws ExpressionError (an InputError) naming the 1-based position of a mistake, or InputError for
 * an unusable variable name.
 */
export function parseExpression(text: string, variables: readonly string[], label?: string): Expression {
  checkVariables(variables);
  let tree: ExprNode;
  try {
    tree = parseTree(text, variables);
  } catch (e) {
    if (label && e instanceof ExpressionError) throw new ExpressionError(`${label} "${text}": ${e.message}`, e.position);
    throw e;
  }
  const n = variables.length;
  const f = compileTree(tree);
  const partials = variables.map((_, i) => compileTree(derivative(tree, i)));
  const used = usedIndices(tree, new Set());
  const check = (x: ArrayLike<number>): void => {
    if (x.length < n) throw new RangeError(`expression: a point of ${x.length} numbers for ${n} variables (${variables.join(', ')})`);
  };
  return {
    variables: [...variables],
    variablesUsed: variables.filter((_, i) => used.has(i)),
    value: (x) => {
      check(x);
      return f(x);
    },
    gradient: (x, out) => {
      check(x);
      for (let i = 0; i < n; i++) out[i] = partials[i]!(x);
    },
    toString: () => formatExpression(tree),
  };
}
