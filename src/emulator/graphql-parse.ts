/**
 * A small GraphQL document parser for the emulator's `/graphql` subset: operations (query, mutation) with variable
 * definitions, fields with aliases and arguments, inline fragments, named fragments and spreads, `@include` and
 * `@skip`. Values: variables, Int, Float, String (and block strings), Boolean, null, enums, lists and input objects.
 * Not a full implementation of the GraphQL grammar (no subscriptions, schema definitions or type extensions);
 * anything it cannot read is a `GraphQLSyntaxError` whose message the route returns as `{errors: [{message}]}`.
 */

export type ValueNode =
  | { readonly kind: 'Variable'; readonly name: string }
  | { readonly kind: 'Int'; readonly value: number }
  | { readonly kind: 'Float'; readonly value: number }
  | { readonly kind: 'String'; readonly value: string }
  | { readonly kind: 'Boolean'; readonly value: boolean }
  | { readonly kind: 'Null' }
  | { readonly kind: 'Enum'; readonly value: string }
  | { readonly kind: 'List'; readonly values: readonly ValueNode[] }
  | { readonly kind: 'Object'; readonly fields: ReadonlyMap<string, ValueNode> };

export type TypeNode =
  | { readonly kind: 'Named'; readonly name: string }
  | { readonly kind: 'List'; readonly of: TypeNode }
  | { readonly kind: 'NonNull'; readonly of: TypeNode };

export interface Location {
  readonly line: number;
  readonly column: number;
}

export interface Directive {
  readonly name: string;
  readonly args: ReadonlyMap<string, ValueNode>;
}

export interface FieldNode {
  readonly kind: 'Field';
  readonly alias: string | undefined;
  readonly name: string;
  readonly args: ReadonlyMap<string, ValueNode>;
  readonly directives: readonly Directive[];
  readonly selections: readonly SelectionNode[] | undefined;
  readonly loc: Location;
}

export interface InlineFragmentNode {
  readonly kind: 'InlineFragment';
  readonly typeCondition: string | undefined;
  readonly directives: readonly Directive[];
  readonly selections: readonly SelectionNode[];
  readonly loc: Location;
}

export interface FragmentSpreadNode {
  readonly kind: 'FragmentSpread';
  readonly name: string;
  readonly directives: readonly Directive[];
  readonly loc: Location;
}

export type SelectionNode = FieldNode | InlineFragmentNode | FragmentSpreadNode;

export interface VariableDefinition {
  readonly name: string;
  readonly type: TypeNode;
  readonly defaultValue: ValueNode | undefined;
}

export interface OperationNode {
  readonly operation: 'query' | 'mutation' | 'subscription';
  readonly name: string | undefined;
  readonly variables: readonly VariableDefinition[];
  readonly selections: readonly SelectionNode[];
  readonly loc: Location;
}

export interface FragmentNode {
  readonly name: string;
  readonly typeCondition: string;
  readonly selections: readonly SelectionNode[];
}

export interface DocumentNode {
  readonly operations: readonly OperationNode[];
  readonly fragments: ReadonlyMap<string, FragmentNode>;
}

export class GraphQLSyntaxError extends Error {
  readonly locations: readonly Location[];
  constructor(message: string, location: Location) {
    super(`Syntax Error: ${message}`);
    this.locations = [location];
  }
}

type Token =
  | { kind: 'punct'; value: string; loc: Location }
  | { kind: 'name'; value: string; loc: Location }
  | { kind: 'int' | 'float'; value: string; loc: Location }
  | { kind: 'string'; value: string; loc: Location }
  | { kind: 'eof'; value: ''; loc: Location };

/** Largest document read; BigCommerce limits query complexity, the emulator limits size and depth. */
const MAX_DOCUMENT_CHARS = 100_000;
const MAX_DEPTH = 32;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const loc = (at: number): Location => ({ line, column: at - lineStart + 1 });
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\n') {
      line++;
      lineStart = ++i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === ',' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (source.startsWith('...', i)) {
      tokens.push({ kind: 'punct', value: '...', loc: loc(start) });
      i += 3;
      continue;
    }
    if ('!$&()[]{}:=@|'.includes(c)) {
      tokens.push({ kind: 'punct', value: c, loc: loc(start) });
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      while (i < source.length && /[A-Za-z0-9_]/.test(source[i]!)) i++;
      tokens.push({ kind: 'name', value: source.slice(start, i), loc: loc(start) });
      continue;
    }
    if (c === '-' || /[0-9]/.test(c)) {
      const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i));
      if (!match || /[A-Za-z_.]/.test(source[i + match[0].length] ?? '')) {
        throw new GraphQLSyntaxError(`Invalid number starting with ${JSON.stringify(c)}.`, loc(start));
      }
      i += match[0].length;
      tokens.push({ kind: match[2] || match[3] ? 'float' : 'int', value: match[0], loc: loc(start) });
      continue;
    }
    if (source.startsWith('"""', i)) {
      const end = source.indexOf('"""', i + 3);
      if (end < 0) throw new GraphQLSyntaxError('Unterminated string.', loc(start));
      const raw = source.slice(i + 3, end).replace(/\\"""/g, '"""');
      for (const ch of raw) if (ch === '\n') line++;
      tokens.push({ kind: 'string', value: blockString(raw), loc: loc(start) });
      i = end + 3;
      continue;
    }
    if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        const ch = source[i];
        if (ch === undefined || ch === '\n' || ch === '\r') throw new GraphQLSyntaxError('Unterminated string.', loc(start));
        if (ch === '"') break;
        if (ch === '\\') {
          const esc = source[i + 1];
          const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
          if (esc !== undefined && esc in simple) {
            value += simple[esc];
            i += 2;
          } else if (esc === 'u' && /^[0-9A-Fa-f]{4}$/.test(source.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
            i += 6;
          } else {
            throw new GraphQLSyntaxError('Invalid character escape sequence.', loc(i));
          }
          continue;
        }
        value += ch;
        i++;
      }
      i++;
      tokens.push({ kind: 'string', value, loc: loc(start) });
      continue;
    }
    throw new GraphQLSyntaxError(`Unexpected character ${JSON.stringify(c)}.`, loc(start));
  }
  tokens.push({ kind: 'eof', value: '', loc: loc(i) });
  return tokens;
}

/** A block string's value: common indentation and blank first and last lines removed (GraphQL spec §2.9.4). */
function blockString(raw: string): string {
  const lines = raw.split(/\r\n|[\n\r]/);
  let common: number | undefined;
  for (const l of lines.slice(1)) {
    const indent = l.length - l.trimStart().length;
    if (indent < l.length && (common === undefined || indent < common)) common = indent;
  }
  const out = lines.map((l, i) => (i === 0 || common === undefined ? l : l.slice(common)));
  while (out.length > 0 && out[0]!.trim() === '') out.shift();
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  return out.join('\n');
}

/** Parses a document; throws `GraphQLSyntaxError`. */
export function parse(source: string): DocumentNode {
  if (source.length > MAX_DOCUMENT_CHARS) {
    throw new GraphQLSyntaxError(`The document is longer than ${MAX_DOCUMENT_CHARS} characters.`, { line: 1, column: 1 });
  }
  const tokens = tokenize(source);
  let at = 0;
  let depth = 0;
  const peek = () => tokens[at]!;
  const next = () => tokens[at++]!;
  const describe = (t: Token) => (t.kind === 'eof' ? '<EOF>' : t.kind === 'string' ? 'String' : `"${t.value}"`);
  const expect = (value: string): Token => {
    const t = next();
    if (t.value !== value || (t.kind !== 'punct' && t.kind !== 'name')) {
      throw new GraphQLSyntaxError(`Expected "${value}", found ${describe(t)}.`, t.loc);
    }
    return t;
  };
  const isPunct = (value: string) => peek().kind === 'punct' && peek().value === value;
  const name = (): string => {
    const t = next();
    if (t.kind !== 'name') throw new GraphQLSyntaxError(`Expected Name, found ${describe(t)}.`, t.loc);
    return t.value;
  };

  function value(constant: boolean): ValueNode {
    const t = peek();
    if (t.kind === 'punct' && t.value === '$') {
      if (constant) throw new GraphQLSyntaxError('Unexpected variable in a constant value.', t.loc);
      next();
      return { kind: 'Variable', name: name() };
    }
    if (t.kind === 'int') {
      next();
      return { kind: 'Int', value: Number(t.value) };
    }
    if (t.kind === 'float') {
      next();
      return { kind: 'Float', value: Number(t.value) };
    }
    if (t.kind === 'string') {
      next();
      return { kind: 'String', value: t.value };
    }
    if (t.kind === 'name') {
      next();
      if (t.value === 'true' || t.value === 'false') return { kind: 'Boolean', value: t.value === 'true' };
      if (t.value === 'null') return { kind: 'Null' };
      return { kind: 'Enum', value: t.value };
    }
    if (t.kind === 'punct' && t.value === '[') {
      next();
      const values: ValueNode[] = [];
      while (!isPunct(']')) {
        if (peek().kind === 'eof') throw new GraphQLSyntaxError('Expected "]", found <EOF>.', peek().loc);
        values.push(value(constant));
      }
      next();
      return { kind: 'List', values };
    }
    if (t.kind === 'punct' && t.value === '{') {
      next();
      const fields = new Map<string, ValueNode>();
      while (!isPunct('}')) {
        const key = name();
        expect(':');
        if (fields.has(key)) throw new GraphQLSyntaxError(`There can be only one input field named "${key}".`, t.loc);
        fields.set(key, value(constant));
      }
      next();
      return { kind: 'Object', fields };
    }
    throw new GraphQLSyntaxError(`Unexpected ${describe(t)}.`, t.loc);
  }

  function args(): Map<string, ValueNode> {
    const result = new Map<string, ValueNode>();
    if (!isPunct('(')) return result;
    next();
    while (!isPunct(')')) {
      const loc = peek().loc;
      const key = name();
      expect(':');
      if (result.has(key)) throw new GraphQLSyntaxError(`There can be only one argument named "${key}".`, loc);
      result.set(key, value(false));
    }
    next();
    return result;
  }

  function directives(): Directive[] {
    const list: Directive[] = [];
    while (isPunct('@')) {
      next();
      list.push({ name: name(), args: args() });
    }
    return list;
  }

  function selectionSet(): SelectionNode[] {
    const open = expect('{');
    if (++depth > MAX_DEPTH) throw new GraphQLSyntaxError(`Selections are nested deeper than ${MAX_DEPTH}.`, open.loc);
    const selections: SelectionNode[] = [];
    while (!isPunct('}')) {
      const t = peek();
      if (t.kind === 'eof') throw new GraphQLSyntaxError('Expected Name, found <EOF>.', t.loc);
      if (t.kind === 'punct' && t.value === '...') {
        next();
        if (peek().kind === 'name' && peek().value !== 'on') {
          selections.push({ kind: 'FragmentSpread', name: name(), directives: directives(), loc: t.loc });
        } else {
          let typeCondition: string | undefined;
          if (peek().kind === 'name' && peek().value === 'on') {
            next();
            typeCondition = name();
          }
          const dirs = directives();
          selections.push({ kind: 'InlineFragment', typeCondition, directives: dirs, selections: selectionSet(), loc: t.loc });
        }
        continue;
      }
      const first = name();
      let alias: string | undefined;
      let fieldName = first;
      if (isPunct(':')) {
        next();
        alias = first;
        fieldName = name();
      }
      const fieldArgs = args();
      const dirs = directives();
      const sub = isPunct('{') ? selectionSet() : undefined;
      selections.push({ kind: 'Field', alias, name: fieldName, args: fieldArgs, directives: dirs, selections: sub, loc: t.loc });
    }
    if (selections.length === 0) throw new GraphQLSyntaxError('Expected Name, found "}".', peek().loc);
    next();
    depth--;
    return selections;
  }

  function type(): TypeNode {
    let result: TypeNode;
    if (isPunct('[')) {
      next();
      result = { kind: 'List', of: type() };
      expect(']');
    } else {
      result = { kind: 'Named', name: name() };
    }
    if (isPunct('!')) {
      next();
      result = { kind: 'NonNull', of: result };
    }
    return result;
  }

  const operations: OperationNode[] = [];
  const fragments = new Map<string, FragmentNode>();
  while (peek().kind !== 'eof') {
    const t = peek();
    if (t.kind === 'punct' && t.value === '{') {
      operations.push({ operation: 'query', name: undefined, variables: [], selections: selectionSet(), loc: t.loc });
      continue;
    }
    if (t.kind === 'name' && (t.value === 'query' || t.value === 'mutation' || t.value === 'subscription')) {
      next();
      const opName = peek().kind === 'name' ? name() : undefined;
      const variables: VariableDefinition[] = [];
      if (isPunct('(')) {
        next();
        while (!isPunct(')')) {
          expect('$');
          const varName = name();
          expect(':');
          const varType = type();
          let defaultValue: ValueNode | undefined;
          if (isPunct('=')) {
            next();
            defaultValue = value(true);
          }
          variables.push({ name: varName, type: varType, defaultValue });
        }
        next();
      }
      directives();
      operations.push({ operation: t.value, name: opName, variables, selections: selectionSet(), loc: t.loc });
      continue;
    }
    if (t.kind === 'name' && t.value === 'fragment') {
      next();
      const fragName = name();
      if (fragName === 'on') throw new GraphQLSyntaxError('Unexpected Name "on".', t.loc);
      expect('on');
      const typeCondition = name();
      directives();
      if (fragments.has(fragName)) throw new GraphQLSyntaxError(`There can be only one fragment named "${fragName}".`, t.loc);
      fragments.set(fragName, { name: fragName, typeCondition, selections: selectionSet() });
      continue;
    }
    throw new GraphQLSyntaxError(`Unexpected ${describe(t)}.`, t.loc);
  }
  if (operations.length === 0) throw new GraphQLSyntaxError('The document has no operation.', peek().loc);
  return { operations, fragments };
}
