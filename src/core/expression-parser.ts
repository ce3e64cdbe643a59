import { InputError } from './errors.js';
import { CONSTANTS, FUNCTION_NAMES, type BinaryOperator, type ExprNode, type FunctionName } from './expression-tree.js';

/** A mistake in an expression's text: the message names it, its 1-based character position, and what was expected. */
export class ExpressionError extends InputError {
  /** `position` is the 1-based character position the message names. */
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** A lexical token with its 1-based start position. */
interface Token {
  readonly kind: 'number' | 'name' | 'symbol' | 'end';
  readonly text: string;
  readonly pos: number;
}

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const WHITESPACE = /\s+/y;
const SYMBOLS = '+-*/^()';
const OPERAND = "a number, a variable, a function or '('";

/** The tokens of `text`, ending with an `end` token. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const match = (re: RegExp): string | null => {
    re.lastIndex = i;
    return re.exec(text)?.[0] ?? null;
  };
  while (i < text.length) {
    const space = match(WHITESPACE);
    if (space) {
      i += space.length;
      continue;
    }
    const number = match(NUMBER);
    const name = number ? null : match(NAME);
    const ch = text[i]!;
    if (number) tokens.push({ kind: 'number', text: number, pos: i + 1 });
    else if (name) tokens.push({ kind: 'name', text: name, pos: i + 1 });
    else if (ch === '*' && text[i + 1] === '*') throw new ExpressionError(`unexpected '**' at ${i + 1}; expected ^ for a power (p^2)`, i + 1);
    else if (SYMBOLS.includes(ch)) tokens.push({ kind: 'symbol', text: ch, pos: i + 1 });
    else throw new ExpressionError(`unexpected character '${ch}' at ${i + 1}; expected ${OPERAND}, an operator (+ - * / ^) or ')'`, i + 1);
    i += (number ?? name ?? ch).length;
  }
  tokens.push({ kind: 'end', text: '', pos: text.length + 1 });
  return tokens;
}

/** A token as named in messages. */
function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'end of input';
    case 'name':
      return `name "${t.text}"`;
    case 'number':
      return `number ${t.text}`;
    case 'symbol':
      return `'${t.text}'`;
  }
}

/** Recursive descent over the grammar: sum = product (± product)*; product = unary ((*|/) unary)*; unary = (+|-) unary | power; power = primary (^ unary)?; primary = number | constant | variable | function '(' sum ')' | '(' sum ')'. */
class Parser {
  private i = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly variables: readonly string[],
  ) {}

  /** The whole input as one expression. */
  parse(): ExprNode {
    if (this.peek().kind === 'end') throw new ExpressionError(`empty expression at 1; expected ${OPERAND}`, 1);
    const node = this.sum();
    const t = this.peek();
    if (t.kind !== 'end') throw this.unexpected(t, 'an operator (+ - * / ^) or the end of the expression');
    return node;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  /** Consumes the next token when it is one of the symbols `ops`. */
  private accept(ops: string): Token | null {
    const t = this.peek();
    return t.kind === 'symbol' && ops.includes(t.text) ? this.next() : null;
  }

  private unexpected(t: Token, expected: string): ExpressionError {
    return new ExpressionError(`unexpected ${describe(t)} at ${t.pos}; expected ${expected}`, t.pos);
  }

  private sum(): ExprNode {
    let node = this.product();
    for (let op = this.accept('+-'); op; op = this.accept('+-')) {
      node = { kind: 'binary', op: op.text as BinaryOperator, left: node, right: this.product() };
    }
    return node;
  }

  private product(): ExprNode {
    let node = this.unary();
    for (let op = this.accept('*/'); op; op = this.accept('*/')) {
      node = { kind: 'binary', op: op.text as BinaryOperator, left: node, right: this.unary() };
    }
    return node;
  }

  private unary(): ExprNode {
    const sign = this.accept('+-');
    if (!sign) return this.power();
    const arg = this.unary();
    return sign.text === '-' ? { kind: 'negate', arg } : arg;
  }

  private power(): ExprNode {
    const base = this.primary();
    return this.accept('^') ? { kind: 'binary', op: '^', left: base, right: this.unary() } : base;
  }

  private primary(): ExprNode {
    const t = this.next();
    if (t.kind === 'number') {
      const value = Number(t.text);
      if (!Number.isFinite(value)) throw new ExpressionError(`number ${t.text} at ${t.pos} is too large; expected a finite number`, t.pos);
      return { kind: 'number', value };
    }
    if (t.kind === 'name') return this.named(t);
    if (t.kind === 'symbol' && t.text === '(') return this.closed(this.sum(), t);
    throw this.unexpected(t, OPERAND);
  }

  /** A variable, constant or function call starting at name token `t`. */
  private named(t: Token): ExprNode {
    const index = this.variables.indexOf(t.text);
    if (index >= 0) return { kind: 'variable', index, name: t.text };
    if (t.text in CONSTANTS) return { kind: 'number', value: CONSTANTS[t.text]!, constant: t.text };
    if ((FUNCTION_NAMES as readonly string[]).includes(t.text)) {
      const open = this.accept('(');
      if (!open) throw this.unexpected(this.peek(), `'(' after the function ${t.text}`);
      return { kind: 'call', fn: t.text as FunctionName, arg: this.closed(this.sum(), open) };
    }
    const known = [...this.variables, ...Object.keys(CONSTANTS)].join(', ');
    throw new ExpressionError(`unknown name "${t.text}" at ${t.pos}; known: ${known} and the functions ${FUNCTION_NAMES.join(', ')}`, t.pos);
  }

  /** `node`, after checking that the ')' closing the '(' token `open` follows. */
  private closed(node: ExprNode, open: Token): ExprNode {
    if (!this.accept(')')) throw this.unexpected(this.peek(), `an operator (+ - * / ^) or ')' to close the '(' at ${open.pos}`);
    return node;
  }
}

/** The tree of `text` over `variables` (valid, distinct, unreserved names); throws ExpressionError naming the position of a mistake. */
export function parseTree(text: string, variables: readonly string[]): ExprNode {
  return new Parser(tokenize(text), variables).parse();
}
