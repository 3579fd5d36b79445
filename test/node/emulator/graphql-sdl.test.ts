// Contract: the SDL the emulator serves (src/emulator/storefront-schema.ts, shipped in the package) is a faithful
// subset of BigCommerce's official schema.graphql: every type it declares exists there with the same kind and
// description; every field, argument, enum value and input field the same type, default, description and
// deprecation; every interface it implements is one the official type implements; and no input type leaves out a
// field the official one requires. Skipped, with how to get the file, when the spec folder is absent.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
} from 'graphql';
import { STOREFRONT_SDL } from '../../../src/emulator/storefront-schema.js';
import { requireSpecs, specsSkip } from '../../support/specs.js';
import { storefrontSchema } from './graphql-schema.js';

/** What must be identical between an official member and ours. */
const member = (m: GraphQLField<unknown, unknown> | GraphQLArgument | GraphQLInputField) => ({
  type: String(m.type),
  description: m.description,
  deprecationReason: m.deprecationReason,
  ...('defaultValue' in m ? { defaultValue: m.defaultValue } : {}),
});

/** The differences between our type and the official one of the same name ([] when ours is a faithful subset). */
export function subsetDifferences(ours: GraphQLNamedType, official: GraphQLNamedType | undefined): string[] {
  const name = ours.name;
  if (!official) return [`${name}: no such type in schema.graphql`];
  if (ours.constructor !== official.constructor)
    return [`${name}: ${ours.constructor.name} here, ${official.constructor.name} there`];
  const out: string[] = [];
  if (ours.description !== official.description) out.push(`${name}: description differs`);
  if ((isObjectType(ours) || isInterfaceType(ours)) && (isObjectType(official) || isInterfaceType(official))) {
    const theirs = official.getFields();
    for (const field of Object.values(ours.getFields())) {
      const other = theirs[field.name];
      if (!other) {
        out.push(`${name}.${field.name}: no such field in schema.graphql`);
        continue;
      }
      if (JSON.stringify(member(field)) !== JSON.stringify(member(other))) out.push(`${name}.${field.name}: differs`);
      for (const arg of field.args) {
        const otherArg = other.args.find((a) => a.name === arg.name);
        if (!otherArg) out.push(`${name}.${field.name}(${arg.name}): no such argument in schema.graphql`);
        else if (JSON.stringify(member(arg)) !== JSON.stringify(member(otherArg)))
          out.push(`${name}.${field.name}(${arg.name}): differs`);
      }
      for (const required of other.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined)) {
        if (!field.args.some((a) => a.name === required.name))
          out.push(`${name}.${field.name}(${required.name}): required there, missing here`);
      }
    }
    const interfaces = official.getInterfaces().map((i) => i.name);
    for (const i of ours.getInterfaces())
      if (!interfaces.includes(i.name)) out.push(`${name}: does not implement ${i.name} in schema.graphql`);
  }
  if (isInputObjectType(ours) && isInputObjectType(official)) {
    const theirs = official.getFields();
    for (const field of Object.values(ours.getFields())) {
      const other = theirs[field.name];
      if (!other) out.push(`${name}.${field.name}: no such input field in schema.graphql`);
      else if (JSON.stringify(member(field)) !== JSON.stringify(member(other)))
        out.push(`${name}.${field.name}: differs`);
    }
    for (const other of Object.values(theirs)) {
      if (isNonNullType(other.type) && other.defaultValue === undefined && !ours.getFields()[other.name]) {
        out.push(`${name}.${other.name}: required there, missing here`);
      }
    }
  }
  if (isEnumType(ours) && isEnumType(official)) {
    for (const value of ours.getValues()) {
      const other = official.getValue(value.name);
      if (!other) out.push(`${name}.${value.name}: no such enum value in schema.graphql`);
      else if (other.description !== value.description || other.deprecationReason !== value.deprecationReason)
        out.push(`${name}.${value.name}: differs`);
    }
  }
  return out;
}

describe("contract: the emulator's SDL is a subset of BigCommerce schema.graphql", { skip: specsSkip }, () => {
  before(requireSpecs);

  it('declares every type, field, argument, input field and enum value exactly as schema.graphql does', () => {
    const ours = buildSchema(STOREFRONT_SDL);
    const official = storefrontSchema();
    const types = Object.values(ours.getTypeMap()).filter((t) => !t.name.startsWith('__'));
    assert.ok(types.length > 20, `${types.length} types`);
    assert.deepEqual(
      types.flatMap((t) => subsetDifferences(t, official.getType(t.name) ?? undefined)),
      [],
    );
  });

  it('reports a field whose type, an argument whose default, or a type that is not in schema.graphql', () => {
    // The check itself, on a copy of our SDL altered in three ways it must notice.
    const altered = buildSchema(
      STOREFRONT_SDL.replace('entityId: Int!', 'entityId: Int')
        .replace('includeTax: Boolean = false', 'includeTax: Boolean = true')
        .concat('\ntype EmulatorOnly { x: Int }\n'),
    );
    const official = storefrontSchema();
    const differences = Object.values(altered.getTypeMap())
      .filter((t) => !t.name.startsWith('__'))
      .flatMap((t) => subsetDifferences(t, official.getType(t.name) ?? undefined));
    assert.deepEqual(differences.sort(), [
      'EmulatorOnly: no such type in schema.graphql',
      'Product.entityId: differs',
      'Product.prices(includeTax): differs',
    ]);
  });
});
