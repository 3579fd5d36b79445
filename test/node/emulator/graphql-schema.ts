// Checks GraphQL documents and answers against BigCommerce's own Storefront schema (schema.graphql of the spec folder,
// test/support/specs.ts) with graphql-js: a document must validate, and an answer's `data` must be exactly what executing
// that document over the answer itself produces (so every field exists, has its schema type and nullability, and
// every interface member names a real type through `__typename`).
import { readFileSync } from 'node:fs';
import { buildSchema, execute, parse, validate, type GraphQLSchema } from 'graphql';
import { specFile } from '../../support/specs.js';

let schema: GraphQLSchema | undefined;

export function storefrontSchema(): GraphQLSchema {
  schema ??= buildSchema(readFileSync(specFile('schema.graphql'), 'utf8'));
  return schema;
}

/** The validation errors of `query` against the real schema ([] when it is valid). */
export function schemaErrors(query: string): string[] {
  return validate(storefrontSchema(), parse(query)).map((e) => e.message);
}

/** The errors found when `data` is read back through `query` by the real schema ([] when it conforms). */
export async function answerErrors(
  query: string,
  data: unknown,
  variables: Record<string, unknown> = {},
): Promise<string[]> {
  const result = await execute({
    schema: storefrontSchema(),
    document: parse(query),
    rootValue: data,
    variableValues: variables,
    // Answers are keyed by alias: read each field by its response key.
    fieldResolver: (source, _args, _ctx, info) => (source as Record<string, unknown>)[info.path.key as string],
  });
  const errors = (result.errors ?? []).map((e) => e.message);
  if (errors.length === 0 && JSON.stringify(result.data) !== JSON.stringify(data))
    errors.push('the answer holds fields the query did not ask for');
  return errors;
}
