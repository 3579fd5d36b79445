/**
 * BigCommerce's wording for GraphQL errors, in one place. BigCommerce runs graphql-java; the emulator runs graphql-js,
 * whose checks are the same (both implement the GraphQL specification's validation rules) but whose messages differ.
 * A refused document is answered `{errors}` with graphql-java's `Validation error (Kind@[path]) : detail`; a variable
 * that cannot be coerced with `Variable 'name' has an invalid value: …`; syntax errors keep graphql-js's text, which
 * is the same as graphql-java's `Syntax Error: …` for the cases tests show. Field errors are the resolvers' messages,
 * the constants below.
 */
import {
  ExecutableDefinitionsRule,
  FieldsOnCorrectTypeRule,
  FragmentsOnCompositeTypesRule,
  GraphQLError,
  KnownArgumentNamesRule,
  KnownDirectivesRule,
  KnownFragmentNamesRule,
  KnownTypeNamesRule,
  LoneAnonymousOperationRule,
  NoFragmentCyclesRule,
  NoUndefinedVariablesRule,
  NoUnusedFragmentsRule,
  NoUnusedVariablesRule,
  OverlappingFieldsCanBeMergedRule,
  PossibleFragmentSpreadsRule,
  ProvidedRequiredArgumentsRule,
  ScalarLeafsRule,
  SingleFieldSubscriptionsRule,
  specifiedRules,
  TypeInfo,
  UniqueArgumentNamesRule,
  UniqueDirectivesPerLocationRule,
  UniqueFragmentNamesRule,
  UniqueInputFieldNamesRule,
  UniqueOperationNamesRule,
  UniqueVariableNamesRule,
  ValidationContext,
  ValuesOfCorrectTypeRule,
  VariablesAreInputTypesRule,
  VariablesInAllowedPositionRule,
  print,
  visit,
  visitInParallel,
  visitWithTypeInfo,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';

// ---- Field errors (resolvers throw `new Error(message)`) -------------------------------------------------------

export const INVALID_CREDENTIALS = 'Invalid credentials';
export const ACCOUNT_LOCKED =
  'Your account has been locked because of too many failed sign-in attempts. Try again later.';
export const CART_NOT_FOUND = 'Cart not found';
export const currencyNotEnabled = (currency: string) => `Currency ${currency} is not enabled for this channel`;
export const notWithImpersonation = (field: string) => `${field} is not available with a customer impersonation token`;
/** A customer-login JWT that does not sign anyone in [wording inferred]. */
export const INVALID_LOGIN_JWT = 'Invalid login JWT';
/** generateSessionSyncJwt's redirectTo off this storefront [wording inferred: the docs say only that it is a page]. */
export const REDIRECT_NOT_ON_STOREFRONT = 'redirectTo must be a page of this storefront';
/** graphql-storefront.mdx, "Login mutation": the customer access token asked for by a browser. */
export const CUSTOMER_ACCESS_TOKEN_BROWSER =
  "Customer access token was requested in the body, but it's only returned for server-to-server requests. For browser requests it's set as an httpOnly cookie instead.";

/** graphql-storefront.mdx, "Private token access scopes": a field outside a private token's scopes. */
export function insufficientScope(requiredScopes: readonly string[]): GraphQLError {
  return new GraphQLError('The provided token does not include the scopes required to resolve this field.', {
    extensions: { code: 'INSUFFICIENT_ACCESS_SCOPE', requiredScopes },
  });
}

// ---- Requests refused before the document is read (HTTP status and `{errors: [{message}]}`) ----------------------
// The docs say that these are refused, not how [wording and statuses inferred].

export const REFUSED = {
  missingToken: [401, 'Missing or invalid Authorization header'],
  invalidToken: [401, 'Invalid token'],
  expiredToken: [401, 'The token has expired'],
  privateFromBrowser: [403, 'Private tokens cannot be used from a browser'],
  impersonationFromBrowser: [403, 'Customer impersonation tokens cannot be used from a browser'],
  storefrontServerToServer: [
    403,
    'Storefront tokens created after June 30th, 2026 cannot be used server-to-server (use a private token); older ones stopped on March 31st, 2027',
  ],
  originNotAllowed: [403, "The request's Origin is not one of the token's allowed_cors_origins"],
  invalidCustomerAccessToken: [401, 'Invalid customer access token'],
  unknownCustomerId: [400, 'X-Bc-Customer-Id does not name a customer of this store'],
} as const satisfies Record<string, readonly [number, string]>;

// ---- Validation errors ---------------------------------------------------------------------------------------

/** graphql-java's ValidationErrorType for each graphql-js rule (ScalarLeafsRule reports two kinds, told apart below). */
const KINDS = new Map<ValidationRule, string>([
  [ExecutableDefinitionsRule, 'NonExecutableDefinition'],
  [UniqueOperationNamesRule, 'DuplicateOperationName'],
  [LoneAnonymousOperationRule, 'LoneAnonymousOperationViolation'],
  [SingleFieldSubscriptionsRule, 'SubscriptionMultipleRootFields'],
  [KnownTypeNamesRule, 'UnknownType'],
  [FragmentsOnCompositeTypesRule, 'InlineFragmentTypeConditionInvalid'],
  [VariablesAreInputTypesRule, 'NonInputTypeOnVariable'],
  [ScalarLeafsRule, 'SubselectionRequired'],
  [FieldsOnCorrectTypeRule, 'FieldUndefined'],
  [UniqueFragmentNamesRule, 'DuplicateFragmentName'],
  [KnownFragmentNamesRule, 'UndefinedFragment'],
  [NoUnusedFragmentsRule, 'UnusedFragment'],
  [PossibleFragmentSpreadsRule, 'InvalidFragmentType'],
  [NoFragmentCyclesRule, 'FragmentCycle'],
  [UniqueVariableNamesRule, 'DuplicateVariableName'],
  [NoUndefinedVariablesRule, 'UndeclaredVariable'],
  [NoUnusedVariablesRule, 'UnusedVariable'],
  [KnownDirectivesRule, 'UnknownDirective'],
  [UniqueDirectivesPerLocationRule, 'DuplicateDirectiveName'],
  [KnownArgumentNamesRule, 'UnknownArgument'],
  [UniqueArgumentNamesRule, 'DuplicateArgumentNames'],
  [ValuesOfCorrectTypeRule, 'WrongType'],
  [ProvidedRequiredArgumentsRule, 'MissingFieldArgument'],
  [VariablesInAllowedPositionRule, 'VariableTypeMismatch'],
  [OverlappingFieldsCanBeMergedRule, 'FieldsConflict'],
  [UniqueInputFieldNamesRule, 'DuplicateInputField'],
]);

/** graphql-js's text with graphql-java's quoting, and without graphql-js's "Did you mean …?" suggestions. */
const plain = (message: string) =>
  message
    .replace(/ Did you mean .*$/s, '')
    .replace(/"/g, "'")
    .replace(/\.$/, '');

/** graphql-java's detail for the errors BigCommerce's answers show; graphql-js's own text, requoted, for the rest. */
function detail(kind: string, error: GraphQLError, typeInfo: TypeInfo): [string, string] {
  const m = error.message;
  let match: RegExpExecArray | null;
  switch (kind) {
    case 'FieldUndefined':
      if ((match = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(m)))
        return [kind, `Field '${match[1]}' in type '${match[2]}' is undefined`];
      break;
    case 'SubselectionRequired':
      if ((match = /^Field "(\w+)" must not have a selection since type "([^"]+)"/.exec(m))) {
        return ['SubselectionNotAllowed', `Sub selection not allowed on leaf type ${match[2]} of field ${match[1]}`];
      }
      if ((match = /^Field "(\w+)" of type "([^"]+)" must have a selection/.exec(m))) {
        return [kind, `Sub selection required for type ${match[2]} of field ${match[1]}`];
      }
      break;
    case 'UnknownArgument':
      if ((match = /^Unknown argument "(\w+)" on field/.exec(m))) return [kind, `Unknown field argument '${match[1]}'`];
      if ((match = /^Unknown argument "(\w+)" on directive/.exec(m)))
        return ['UnknownDirective', `Unknown directive argument '${match[1]}'`];
      break;
    case 'MissingFieldArgument':
      if ((match = /^Field "\w+" argument "(\w+)"/.exec(m))) return [kind, `Missing field argument '${match[1]}'`];
      if ((match = /^Directive "@\w+" argument "(\w+)"/.exec(m)))
        return ['MissingDirectiveArgument', `Missing directive argument '${match[1]}'`];
      break;
    case 'WrongType': {
      const argument = typeInfo.getArgument();
      const node = error.nodes?.[0];
      if (argument && node)
        return [
          kind,
          `argument '${argument.name}' with value '${print(node)}' is not a valid '${String(argument.type)}'`,
        ];
      break;
    }
    case 'UndeclaredVariable':
      if ((match = /^Variable "\$(\w+)" is not defined/.exec(m))) return [kind, `Undeclared variable '${match[1]}'`];
      break;
    case 'UndefinedFragment':
      if ((match = /^Unknown fragment "(\w+)"/.exec(m))) return [kind, `Undefined fragment '${match[1]}'`];
      break;
    case 'InvalidFragmentType': {
      const spread = /objects of type "(\w+)"/.exec(m);
      if ((match = /can never be of type "(\w+)"/.exec(m)) && spread) {
        return [
          kind,
          `Fragment cannot be spread here as objects of type '${spread[1]}' can never be of type '${match[1]}'`,
        ];
      }
      break;
    }
  }
  return [kind, plain(m)];
}

/**
 * Validates `document` with graphql-js's specified rules and words each error as graphql-java does, with the path
 * (response keys) of the field it was found in. One ValidationContext per rule tells which rule reported what.
 */
export function validateDocument(schema: GraphQLSchema, document: DocumentNode): GraphQLError[] {
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  const errors: GraphQLError[] = [];
  // visitInParallel enters visitors in order and leaves them in order: the path is pushed first and popped last.
  const visitors: ASTVisitor[] = [{ Field: { enter: (node) => void path.push((node.alias ?? node.name).value) } }];
  for (const rule of specifiedRules) {
    const context = new ValidationContext(schema, document, typeInfo, (error) => {
      const [kind, text] = detail(KINDS.get(rule) ?? 'ValidationError', error, typeInfo);
      const at = path.length > 0 ? `@[${path.join('/')}]` : '';
      errors.push(new GraphQLError(`Validation error (${kind}${at}) : ${text}`, { nodes: error.nodes ?? null }));
    });
    visitors.push(rule(context));
  }
  visitors.push({ Field: { leave: () => void path.pop() } });
  visit(document, visitWithTypeInfo(typeInfo, visitInParallel(visitors)));
  return errors;
}

/** graphql-java's wording for an error graphql-js reports before executing (variable values, operation choice). */
export function requestError(error: GraphQLError): GraphQLError {
  const match = /^Variable "\$(\w+)"/.exec(error.message);
  if (!match) return error;
  return new GraphQLError(`Variable '${match[1]}' has an invalid value: ${plain(error.message)}`, {
    nodes: error.nodes ?? null,
  });
}
