/** The functions an expression may call, each of one argument. */
export const FUNCTION_NAMES = ['sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'sinh', 'cosh'] as const;

/** A function an expression may call. */
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** A function of a tree: the callable ones, and `sign`, which only derivatives (of abs) contain. */
export type TreeFunction = FunctionName | 'sign';

/** The named constants; their names cannot be variable names. */
export const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/** A binary operator. */
export type BinaryOperator = '+' | '-' | '*' | '/' | '^';

/** A node of an expression tree; variables are indices into the caller's variable list. */
export type ExprNode =
  | { readonly kind: 'number'; readonly value: number; readonly constant?: string }
  | { readonly kind: 'variable'; readonly index: number; readonly name: string }
  | { readonly kind: 'negate'; readonly arg: ExprNode }
  | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: ExprNode; readonly right: ExprNode }
  | { readonly kind: 'call'; readonly fn: TreeFunction; readonly arg: ExprNode };

/** Binding strength of each node as printed: sums 1, products 2, unary minus 3, powers 4, atoms 5. */
function precedence(node: ExprNode): number {
  switch (node.kind) {
    case 'number':
      return node.value < 0 ? 3 : 5;
    case 'negate':
      return 3;
    case 'binary':
      return node.op === '^' ? 4 : node.op === '+' || node.op === '-' ? 1 : 2;
    default:
      return 5;
  }
}

/** The tree as text in the expression grammar, with only the parentheses its structure needs. */
export function formatExpression(node: ExprNode): string {
  const wrap = (child: ExprNode, parens: boolean): string => (parens ? `(${formatExpression(child)})` : formatExpression(child));
  switch (node.kind) {
    case 'number':
      return node.constant ?? String(node.value);
    case 'variable':
      return node.name;
    case 'negate':
      return `-${wrap(node.arg, precedence(node.arg) < 3)}`;
    case 'call':
      return `${node.fn}(${formatExpression(node.arg)})`;
    case 'binary': {
      const p = precedence(node);
      if (node.op === '^') return `${wrap(node.left, precedence(node.left) <= 4)}^${wrap(node.right, precedence(node.right) < 3)}`;
      return `${wrap(node.left, precedence(node.left) < p)} ${node.op} ${wrap(node.right, precedence(node.right) <= p)}`;
    }
  }
}
