// A small OpenAPI 3.0 → JSON Schema bridge for the contract tests: loads a spec file of the spec folder (SPECS_DIR),
// inlines its local `$ref`s, turns `nullable` into a null type, drops annotation-only OpenAPI keywords, and
// validates values with ajv (+ ajv-formats, plus the few non-standard formats BigCommerce's files name).
import { readFile } from 'node:fs/promises';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { specFile } from '../../support/specs.js';

/** OpenAPI keywords that only annotate a schema: JSON Schema validators must not see them. */
const ANNOTATIONS = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'deprecated']);

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allowUnionTypes: true,
});
addFormats(ajv);
// Formats named in BigCommerce's files that JSON Schema does not define.
ajv.addFormat('UUID', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addFormat('ISO-4217', /^[A-Za-z]{3}$/);
ajv.addFormat('ISO-639', /^[a-z]{2}(-[A-Z]{2})?$/);
ajv.addFormat('ISO-8601', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
ajv.addFormat('jwt', /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
ajv.addFormat('url', { validate: (s: string) => URL.canParse(s) });
ajv.addFormat('Url', { validate: (s: string) => URL.canParse(s) });
for (const name of ['double', 'float', 'number']) ajv.addFormat(name, { type: 'number', validate: () => true });

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Follows a local JSON pointer (`#/components/schemas/X`), through any `$ref` met on the way. */
function pointer(doc: Json, ref: string): Json {
  let node: Json = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    while (node && typeof node === 'object' && !Array.isArray(node) && typeof node.$ref === 'string')
      node = pointer(doc, node.$ref);
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`Unresolvable $ref ${ref}`);
    node = (node as Record<string, Json>)[key]!;
  }
  return node;
}

/** Inlines `$ref`s and rewrites OpenAPI 3.0 schema dialect into JSON Schema. */
function toJsonSchema(node: Json, doc: Json, trail: readonly string[] = []): Json {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, doc, trail));
  if (typeof node !== 'object' || node === null) return node;
  if (typeof node.$ref === 'string') {
    if (trail.includes(node.$ref)) throw new Error(`Recursive $ref ${node.$ref} is not supported`);
    return toJsonSchema(pointer(doc, node.$ref), doc, [...trail, node.$ref]);
  }
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-') || key === 'nullable') continue;
    // `properties` maps names to schemas: its keys are property names, not keywords.
    out[key] =
      key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema, doc, trail)]))
        : toJsonSchema(value, doc, trail);
  }
  if (node.nullable === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}

export interface Spec {
  /** A validator for the schema at a path of the file, e.g. `['paths', '/carts', 'post', 'requestBody', …]`. */
  validator(path: readonly string[]): (value: unknown) => string[];
}

const cache = new Map<string, Promise<Spec>>();

export function loadSpec(file: string): Promise<Spec> {
  let spec = cache.get(file);
  if (!spec) {
    spec = readFile(specFile(file), 'utf8').then((text) => {
      const doc = parse(text) as Json;
      return {
        validator(path) {
          const node = pointer(doc, `#/${path.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`);
          const validate: ValidateFunction = ajv.compile(toJsonSchema(node, doc) as object);
          return (value) => {
            if (validate(value)) return [];
            return (validate.errors ?? []).map(
              (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
            );
          };
        },
      };
    });
    cache.set(file, spec);
  }
  return spec;
}

/** Shortcuts for the parts of an operation. */
export const requestBody = (path: string, method: string) => [
  'paths',
  path,
  method,
  'requestBody',
  'content',
  'application/json',
  'schema',
];
export const responseBody = (path: string, method: string, status: string, type = 'application/json') => [
  'paths',
  path,
  method,
  'responses',
  status,
  'content',
  type,
  'schema',
];
