import { parse } from '@babel/parser';

/** A place in a source file: line from 1, column from 0, as babel and the mutants count them. */
export interface SourcePosition {
  line: number;
  column: number;
}

interface Span {
  name: string;
  start: SourcePosition;
  end: SourcePosition;
}

interface AstNode {
  type: string;
  loc?: { start: SourcePosition; end: SourcePosition } | null;
  [key: string]: unknown;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const METHOD_TYPES = new Set(['ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);

/**
 * For each position, the innermost named function around it: a function declaration, a method, or a function
 * bound to a name (`const create = () => …`, `exports.create = function …`, `{ create: function … }`). A
 * developer says "S1.AC2 is implemented by `create` in src/x.js" in those names, so a mutant is claimed by the
 * criterion through them. Null where no named function holds the position, and for every position of a file
 * that does not parse (the instrumenter, which parses more proposals, may still have mutated it).
 */
export function enclosingFunctionNames(source: string, positions: readonly SourcePosition[]): (string | null)[] {
  let spans: Span[];
  try {
    spans = namedFunctions(parse(source, { sourceType: 'unambiguous', plugins: ['jsx'], errorRecovery: true }).program as unknown as AstNode);
  } catch {
    return positions.map(() => null);
  }
  return positions.map((at) => {
    let best: Span | null = null;
    for (const span of spans) {
      if (before(span.start, at) && before(at, span.end) && (!best || before(best.start, span.start))) best = span;
    }
    return best?.name ?? null;
  });
}

function before(a: SourcePosition, b: SourcePosition): boolean {
  return a.line < b.line || (a.line === b.line && a.column <= b.column);
}

function namedFunctions(root: AstNode): Span[] {
  const spans: Span[] = [];
  const visit = (node: AstNode, parent: AstNode | null): void => {
    const name = FUNCTION_TYPES.has(node.type) || METHOD_TYPES.has(node.type) ? functionName(node, parent) : null;
    if (name && node.loc) spans.push({ name, start: node.loc.start, end: node.loc.end });
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (isNode(child)) visit(child, node);
      }
    }
  };
  visit(root, null);
  return spans;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The name the code knows a function by: the binding it is assigned to first, its own name otherwise. */
function functionName(node: AstNode, parent: AstNode | null): string | null {
  if (METHOD_TYPES.has(node.type)) return keyName(node);
  if (node.type === 'FunctionDeclaration') return identifierName(node.id);
  switch (parent?.type) {
    case 'VariableDeclarator':
      if (parent.init === node) return identifierName(parent.id) ?? identifierName(node.id);
      break;
    case 'AssignmentExpression':
      if (parent.right === node) return targetName(parent.left) ?? identifierName(node.id);
      break;
    case 'ObjectProperty':
    case 'ClassProperty':
    case 'ClassPrivateProperty':
      if (parent.value === node) return keyName(parent) ?? identifierName(node.id);
      break;
  }
  return identifierName(node.id);
}

function identifierName(node: unknown): string | null {
  return isNode(node) && node.type === 'Identifier' ? String(node.name) : null;
}

/** `x`, `exports.x`, `module.exports.x`, `Foo.prototype.x` → x. */
function targetName(node: unknown): string | null {
  if (!isNode(node)) return null;
  if (node.type === 'Identifier') return String(node.name);
  if (node.type === 'MemberExpression' && !node.computed) return identifierName(node.property);
  if (node.type === 'MemberExpression' && isNode(node.property) && node.property.type === 'StringLiteral') return String(node.property.value);
  return null;
}

function keyName(node: AstNode): string | null {
  const key = node.key;
  if (!isNode(key)) return null;
  if (key.type === 'Identifier' && !node.computed) return String(key.name);
  if (key.type === 'StringLiteral') return String(key.value);
  if (key.type === 'PrivateName' && isNode(key.id)) return `#${String(key.id.name)}`;
  return null;
}
