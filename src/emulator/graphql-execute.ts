/**
 * A small GraphQL validator and executor over a hand-described schema (the emulator's subset of BigCommerce's
 * Storefront schema, see graphql.ts). It checks a document the way a GraphQL server does before running anything
 * (fields, arguments and their types, variables, fragments, leaf and composite selections) and answers
 * `{errors}` without `data` when it fails; then it executes with GraphQL's null propagation for non-null fields.
 * Error messages follow graphql-java's wording, which BigCommerce's answers show.
 */
import type { DocumentNode, FieldNode, Location, OperationNode, SelectionNode, TypeNode, ValueNode } from './graphql-parse.js';

export interface GraphQLError {
  message: string;
  locations?: Location[];
  path?: (string | number)[];
}

export interface ExecutionResult {
  data?: Record<string, unknown> | null;
  errors?: GraphQLError[];
}

export interface FieldDef<C> {
  /** Type in SDL notation: `Money!`, `[BulkPricingTier!]!`. */
  readonly type: string;
  readonly args?: Readonly<Record<string, { readonly type: string; readonly defaultValue?: unknown }>>;
  /** Default: the parent's property of the field's name. Throw `FieldError` (or any Error) for a field error. */
  readonly resolve?: (parent: never, args: Record<string, unknown>, ctx: C) => unknown;
}

export type TypeDef<C> =
  | { readonly kind: 'OBJECT'; readonly interfaces?: readonly string[]; readonly fields: Readonly<Record<string, FieldDef<C>>> }
  | { readonly kind: 'INTERFACE'; readonly fields: Readonly<Record<string, FieldDef<C>>>; resolveType(value: unknown): string }
  | { readonly kind: 'SCALAR'; coerce(value: unknown): { ok: true; value: unknown } | { ok: false } }
  | { readonly kind: 'ENUM'; isValue(value: string): boolean }
  | { readonly kind: 'INPUT_OBJECT'; readonly fields: Readonly<Record<string, { readonly type: string }>> };

export interface Schema<C> {
  readonly types: Readonly<Record<string, TypeDef<C>>>;
  readonly query: string;
  readonly mutation: string;
}

/** A field error with a message for the client (resolvers throw it). */
export class FieldError extends Error {}

class ValidationError extends Error {
  constructor(
    readonly kind: string,
    readonly path: readonly string[],
    detail: string,
    readonly location?: Location,
  ) {
    super(`Validation error (${kind}${path.length > 0 ? `@[${path.join('/')}]` : ''}) : ${detail}`);
  }
}

/** Thrown up to the nearest nullable field when a non-null field is null. */
class NullBubble extends Error {}

const typeCache = new Map<string, TypeNode>();

function typeOf(sdl: string): TypeNode {
  let node = typeCache.get(sdl);
  if (!node) {
    const read = (s: string): TypeNode => {
      if (s.endsWith('!')) return { kind: 'NonNull', of: read(s.slice(0, -1)) };
      if (s.startsWith('[')) return { kind: 'List', of: read(s.slice(1, -1)) };
      return { kind: 'Named', name: s };
    };
    node = read(sdl);
    typeCache.set(sdl, node);
  }
  return node;
}

const namedType = (t: TypeNode): string => (t.kind === 'Named' ? t.name : namedType(t.of));
const printType = (t: TypeNode): string =>
  t.kind === 'Named' ? t.name : t.kind === 'List' ? `[${printType(t.of)}]` : `${printType(t.of)}!`;

function printValue(v: ValueNode): string {
  switch (v.kind) {
    case 'Variable':
      return `$${v.name}`;
    case 'String':
      return JSON.stringify(v.value);
    case 'Null':
      return 'null';
    case 'List':
      return `[${v.values.map(printValue).join(', ')}]`;
    case 'Object':
      return `{${[...v.fields].map(([k, f]) => `${k}: ${printValue(f)}`).join(', ')}}`;
    default:
      return String(v.value);
  }
}

const BUILT_IN_SCALARS: Record<string, TypeDef<never>> = {
  Int: { kind: 'SCALAR', coerce: (v) => (Number.isInteger(v) && Math.abs(v as number) <= 2 ** 31 - 1 ? { ok: true, value: v } : { ok: false }) },
  Float: { kind: 'SCALAR', coerce: (v) => (typeof v === 'number' && Number.isFinite(v) ? { ok: true, value: v } : { ok: false }) },
  String: { kind: 'SCALAR', coerce: (v) => (typeof v === 'string' ? { ok: true, value: v } : { ok: false }) },
  Boolean: { kind: 'SCALAR', coerce: (v) => (typeof v === 'boolean' ? { ok: true, value: v } : { ok: false }) },
  ID: {
    kind: 'SCALAR',
    coerce: (v) => (typeof v === 'string' || Number.isInteger(v) ? { ok: true, value: String(v) } : { ok: false }),
  },
};

/** Validates and executes `operationName` (or the only operation) of a parsed document. */
export async function execute<C>(
  schema: Schema<C>,
  document: DocumentNode,
  options: { variables?: Record<string, unknown>; operationName?: string; context: C },
): Promise<ExecutionResult> {
  const types = { ...BUILT_IN_SCALARS, ...schema.types } as Record<string, TypeDef<C>>;
  const { operations, fragments } = document;
  let operation: OperationNode | undefined;
  if (options.operationName) {
    operation = operations.find((o) => o.name === options.operationName);
    if (!operation) return { errors: [{ message: `Unknown operation named '${options.operationName}'.` }] };
  } else if (operations.length === 1) {
    operation = operations[0];
  } else {
    return { errors: [{ message: 'Must provide operation name if query contains multiple operations.' }] };
  }
  if (!operation) return { errors: [{ message: 'The document has no operation.' }] };
  if (operation.operation === 'subscription') return { errors: [{ message: 'Subscriptions are not supported.' }] };

  const rootType = operation.operation === 'mutation' ? schema.mutation : schema.query;
  const argsOf = new WeakMap<FieldNode, Record<string, unknown>>();
  const errors: ValidationError[] = [];

  // ---- Variables ---------------------------------------------------------------------------------------------
  const variables = new Map<string, unknown>();
  const declared = new Map<string, TypeNode>();
  const given = options.variables ?? {};
  for (const def of operation.variables) {
    const path = [] as string[];
    const base = types[namedType(def.type)];
    if (!base || (base.kind !== 'SCALAR' && base.kind !== 'ENUM' && base.kind !== 'INPUT_OBJECT')) {
      errors.push(new ValidationError('NonInputTypeOnVariable', path, `Input variable '${def.name}' type '${printType(def.type)}' is not an input type`));
      continue;
    }
    declared.set(def.name, def.type);
    if (Object.hasOwn(given, def.name)) {
      const coerced = coerceJson(given[def.name], def.type, types);
      if (!coerced.ok) {
        errors.push(
          new ValidationError('VariableTypeMismatch', path, `Variable '${def.name}' has an invalid value: expected type '${printType(def.type)}'`),
        );
      } else variables.set(def.name, coerced.value);
    } else if (def.defaultValue !== undefined) {
      const coerced = coerceLiteral(def.defaultValue, def.type, types, new Map());
      if (coerced.ok) variables.set(def.name, coerced.value);
    } else if (def.type.kind === 'NonNull') {
      errors.push(new ValidationError('VariableTypeMismatch', path, `Variable '${def.name}' of type '${printType(def.type)}' is required`));
    }
  }

  // ---- Validation ----------------------------------------------------------------------------------------------
  const fieldsOf = (typeName: string) => {
    const t = types[typeName];
    return t && (t.kind === 'OBJECT' || t.kind === 'INTERFACE') ? t.fields : undefined;
  };
  const possible = (typeName: string): string[] => {
    const t = types[typeName];
    if (t?.kind === 'OBJECT') return [typeName];
    return Object.entries(types)
      .filter(([, d]) => d.kind === 'OBJECT' && d.interfaces?.includes(typeName))
      .map(([n]) => n);
  };

  function checkDirectives(node: SelectionNode, path: string[]): void {
    for (const d of node.directives) {
      if (d.name !== 'include' && d.name !== 'skip') {
        errors.push(new ValidationError('UnknownDirective', path, `Unknown directive '${d.name}'`, node.loc));
        continue;
      }
      const condition = d.args.get('if');
      const coerced = condition ? coerceLiteral(condition, typeOf('Boolean!'), types, variables) : { ok: false as const };
      if (!coerced.ok) errors.push(new ValidationError('WrongType', path, `Directive '${d.name}' needs a Boolean 'if'`, node.loc));
    }
  }

  function validate(typeName: string, selections: readonly SelectionNode[], path: string[], spreads: string[]): void {
    for (const selection of selections) {
      checkDirectives(selection, path);
      if (selection.kind === 'FragmentSpread') {
        const fragment = fragments.get(selection.name);
        if (!fragment) {
          errors.push(new ValidationError('UndefinedFragment', path, `Undefined fragment '${selection.name}'`, selection.loc));
        } else if (spreads.includes(selection.name)) {
          errors.push(new ValidationError('FragmentCycle', path, `Fragment cycle through '${selection.name}'`, selection.loc));
        } else if (checkCondition(typeName, fragment.typeCondition, path, selection.loc)) {
          validate(fragment.typeCondition, fragment.selections, path, [...spreads, selection.name]);
        }
        continue;
      }
      if (selection.kind === 'InlineFragment') {
        const on = selection.typeCondition ?? typeName;
        if (checkCondition(typeName, on, path, selection.loc)) validate(on, selection.selections, path, spreads);
        continue;
      }
      const at = [...path, selection.alias ?? selection.name];
      if (selection.name === '__typename') {
        if (selection.selections) errors.push(new ValidationError('SubselectionNotAllowed', at, `Sub selection not allowed on leaf type String! of field __typename`, selection.loc));
        continue;
      }
      const def = fieldsOf(typeName)?.[selection.name];
      if (!def) {
        errors.push(new ValidationError('FieldUndefined', at, `Field '${selection.name}' in type '${typeName}' is undefined`, selection.loc));
        continue;
      }
      argsOf.set(selection, checkArgs(selection, def, at));
      const fieldType = typeOf(def.type);
      const target = types[namedType(fieldType)];
      const composite = target?.kind === 'OBJECT' || target?.kind === 'INTERFACE';
      if (composite && !selection.selections) {
        errors.push(new ValidationError('SubselectionRequired', at, `Sub selection required for type ${printType(fieldType)} of field ${selection.name}`, selection.loc));
      } else if (!composite && selection.selections) {
        errors.push(new ValidationError('SubselectionNotAllowed', at, `Sub selection not allowed on leaf type ${printType(fieldType)} of field ${selection.name}`, selection.loc));
      } else if (composite && selection.selections) {
        validate(namedType(fieldType), selection.selections, at, spreads);
      }
    }
  }

  function checkCondition(parent: string, on: string, path: string[], loc: Location): boolean {
    if (!fieldsOf(on)) {
      errors.push(new ValidationError('UnknownType', path, `Unknown type '${on}'`, loc));
      return false;
    }
    const overlap = possible(on).some((t) => possible(parent).includes(t));
    if (!overlap) {
      errors.push(new ValidationError('InvalidFragmentType', path, `Fragment cannot be spread here as objects of type '${parent}' can never be of type '${on}'`, loc));
    }
    return overlap;
  }

  function checkArgs(node: FieldNode, def: FieldDef<C>, path: string[]): Record<string, unknown> {
    const specs = def.args ?? {};
    const result: Record<string, unknown> = {};
    for (const [name, value] of node.args) {
      const spec = specs[name];
      if (!spec) {
        errors.push(new ValidationError('UnknownArgument', path, `Unknown field argument '${name}'`, node.loc));
        continue;
      }
      for (const used of variablesIn(value)) {
        if (!declared.has(used)) errors.push(new ValidationError('UndeclaredVariable', path, `Undeclared variable '${used}'`, node.loc));
      }
      const coerced = coerceLiteral(value, typeOf(spec.type), types, variables);
      if (!coerced.ok) {
        errors.push(
          new ValidationError('WrongType', path, `argument '${name}' with value '${printValue(value)}' is not a valid '${spec.type}'`, node.loc),
        );
      } else if (coerced.value !== undefined) result[name] = coerced.value;
    }
    for (const [name, spec] of Object.entries(specs)) {
      if (name in result || node.args.has(name)) continue;
      if (spec.defaultValue !== undefined) result[name] = spec.defaultValue;
      else if (spec.type.endsWith('!')) errors.push(new ValidationError('MissingFieldArgument', path, `Missing field argument '${name}'`, node.loc));
    }
    return result;
  }

  validate(rootType, operation.selections, [], []);
  if (errors.length > 0) {
    return { errors: errors.map((e) => ({ message: e.message, ...(e.location ? { locations: [e.location] } : {}) })) };
  }

  // ---- Execution -----------------------------------------------------------------------------------------------
  const fieldErrors: GraphQLError[] = [];

  const included = (node: SelectionNode): boolean =>
    node.directives.every((d) => {
      const value = coerceLiteral(d.args.get('if')!, typeOf('Boolean!'), types, variables);
      return d.name === 'include' ? value.ok && value.value === true : !(value.ok && value.value === true);
    });

  function collect(typeName: string, selections: readonly SelectionNode[], into = new Map<string, FieldNode[]>()) {
    for (const s of selections) {
      if (!included(s)) continue;
      if (s.kind === 'Field') {
        const key = s.alias ?? s.name;
        into.set(key, [...(into.get(key) ?? []), s]);
      } else {
        const fragment = s.kind === 'FragmentSpread' ? fragments.get(s.name)! : undefined;
        const on = fragment ? fragment.typeCondition : (s as { typeCondition?: string }).typeCondition;
        if (on !== undefined && !possible(on).includes(typeName)) continue;
        collect(typeName, fragment ? fragment.selections : (s as { selections: readonly SelectionNode[] }).selections, into);
      }
    }
    return into;
  }

  async function executeObject(typeName: string, selections: readonly SelectionNode[], parent: unknown, path: (string | number)[]) {
    const result: Record<string, unknown> = {};
    for (const [key, nodes] of collect(typeName, selections)) {
      const node = nodes[0]!;
      if (node.name === '__typename') {
        result[key] = typeName;
        continue;
      }
      const def = fieldsOf(typeName)![node.name]!;
      const fieldPath = [...path, key];
      const fieldType = typeOf(def.type);
      try {
        let value: unknown;
        try {
          value = def.resolve
            ? await def.resolve(parent as never, argsOf.get(node) ?? {}, options.context)
            : (parent as Record<string, unknown>)[node.name];
        } catch (error) {
          fieldErrors.push({ message: error instanceof Error ? error.message : 'Internal error', locations: [node.loc], path: fieldPath });
          throw new NullBubble();
        }
        const sub = nodes.flatMap((n) => n.selections ?? []);
        result[key] = await complete(fieldType, value, sub, fieldPath, node);
      } catch (error) {
        if (!(error instanceof NullBubble)) throw error;
        if (fieldType.kind === 'NonNull') throw error;
        result[key] = null;
      }
    }
    return result;
  }

  async function complete(type: TypeNode, value: unknown, sub: readonly SelectionNode[], path: (string | number)[], node: FieldNode): Promise<unknown> {
    if (type.kind === 'NonNull') {
      const completed = await complete(type.of, value, sub, path, node);
      if (completed === null) {
        if (value === null || value === undefined) {
          fieldErrors.push({ message: `Cannot return null for non-nullable field '${path.join('/')}'`, locations: [node.loc], path });
        }
        throw new NullBubble();
      }
      return completed;
    }
    if (value === null || value === undefined) return null;
    if (type.kind === 'List') {
      if (!Array.isArray(value)) throw new Error(`Expected a list at ${path.join('/')}`);
      const items: unknown[] = [];
      for (const [i, item] of value.entries()) {
        try {
          items.push(await complete(type.of, item, sub, [...path, i], node));
        } catch (error) {
          if (!(error instanceof NullBubble) || type.of.kind === 'NonNull') throw error;
          items.push(null);
        }
      }
      return items;
    }
    const def = types[type.name]!;
    if (def.kind === 'SCALAR' || def.kind === 'ENUM') return value;
    if (def.kind === 'INTERFACE') return executeObject(def.resolveType(value), sub, value, path);
    return executeObject(type.name, sub, value, path);
  }

  let data: Record<string, unknown> | null;
  try {
    data = await executeObject(rootType, operation.selections, {}, []);
  } catch (error) {
    if (!(error instanceof NullBubble)) throw error;
    data = null;
  }
  return fieldErrors.length > 0 ? { data, errors: fieldErrors } : { data };
}

function variablesIn(value: ValueNode): string[] {
  if (value.kind === 'Variable') return [value.name];
  if (value.kind === 'List') return value.values.flatMap(variablesIn);
  if (value.kind === 'Object') return [...value.fields.values()].flatMap(variablesIn);
  return [];
}

type Coerced = { ok: true; value: unknown } | { ok: false };

/** Coerces a literal (possibly holding variables) to a JS value of `type`; `undefined` = not given. */
function coerceLiteral<C>(value: ValueNode, type: TypeNode, types: Record<string, TypeDef<C>>, variables: ReadonlyMap<string, unknown>): Coerced {
  if (value.kind === 'Variable') {
    if (!variables.has(value.name)) return type.kind === 'NonNull' ? { ok: false } : { ok: true, value: undefined };
    const v = variables.get(value.name);
    return v === null && type.kind === 'NonNull' ? { ok: false } : { ok: true, value: v };
  }
  if (type.kind === 'NonNull') return value.kind === 'Null' ? { ok: false } : coerceLiteral(value, type.of, types, variables);
  if (value.kind === 'Null') return { ok: true, value: null };
  if (type.kind === 'List') {
    const list = value.kind === 'List' ? value.values : [value];
    const out: unknown[] = [];
    for (const item of list) {
      const c = coerceLiteral(item, type.of, types, variables);
      if (!c.ok) return c;
      out.push(c.value);
    }
    return { ok: true, value: out };
  }
  const def = types[type.name];
  if (!def) return { ok: false };
  if (def.kind === 'ENUM') return value.kind === 'Enum' && def.isValue(value.value) ? { ok: true, value: value.value } : { ok: false };
  if (def.kind === 'INPUT_OBJECT') {
    if (value.kind !== 'Object') return { ok: false };
    const out: Record<string, unknown> = {};
    for (const key of value.fields.keys()) if (!def.fields[key]) return { ok: false };
    for (const [key, spec] of Object.entries(def.fields)) {
      const field = value.fields.get(key);
      if (!field) {
        if (spec.type.endsWith('!')) return { ok: false };
        continue;
      }
      const c = coerceLiteral(field, typeOf(spec.type), types, variables);
      if (!c.ok) return c;
      if (c.value !== undefined) out[key] = c.value;
    }
    return { ok: true, value: out };
  }
  if (def.kind !== 'SCALAR') return { ok: false };
  // Literal kinds a scalar accepts: Int literals for Float too, as GraphQL allows.
  const raw =
    value.kind === 'Int' || value.kind === 'Float' || value.kind === 'String' || value.kind === 'Boolean' ? value.value : undefined;
  if (raw === undefined) return { ok: false };
  if (type.name === 'ID' && value.kind !== 'String' && value.kind !== 'Int') return { ok: false };
  if (type.name === 'String' && value.kind !== 'String') return { ok: false };
  return def.coerce(raw);
}

/** Coerces a variable's JSON value to `type`. */
function coerceJson<C>(value: unknown, type: TypeNode, types: Record<string, TypeDef<C>>): Coerced {
  if (type.kind === 'NonNull') return value === null || value === undefined ? { ok: false } : coerceJson(value, type.of, types);
  if (value === null || value === undefined) return { ok: true, value: null };
  if (type.kind === 'List') {
    const list = Array.isArray(value) ? value : [value];
    const out: unknown[] = [];
    for (const item of list) {
      const c = coerceJson(item, type.of, types);
      if (!c.ok) return c;
      out.push(c.value);
    }
    return { ok: true, value: out };
  }
  const def = types[type.name];
  if (!def) return { ok: false };
  if (def.kind === 'ENUM') return typeof value === 'string' && def.isValue(value) ? { ok: true, value } : { ok: false };
  if (def.kind === 'INPUT_OBJECT') {
    if (typeof value !== 'object' || Array.isArray(value)) return { ok: false };
    const input = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(input)) if (!Object.hasOwn(def.fields, key)) return { ok: false };
    for (const [key, spec] of Object.entries(def.fields)) {
      if (!Object.hasOwn(input, key)) {
        if (spec.type.endsWith('!')) return { ok: false };
        continue;
      }
      const c = coerceJson(input[key], typeOf(spec.type), types);
      if (!c.ok) return c;
      out[key] = c.value;
    }
    return { ok: true, value: out };
  }
  if (def.kind !== 'SCALAR') return { ok: false };
  return def.coerce(value);
}
