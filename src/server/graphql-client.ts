/**
 * Calls to the storefront's GraphQL Storefront API (`{storefrontUrl}/graphql`) with a server-side bearer token (a
 * private token, or the older customer impersonation token) and, for a verified customer, the headers that make the
 * request speak for them (a customer access token, or `X-Bc-Customer-Id`). Same guards as the Management API calls:
 * one deadline, a size cap, JSON only, nothing of the answer's body ever reaching the browser. A refused request
 * (401) drops what it was sent with (the bearer token, the customer's access token) and is tried once more with fresh
 * ones; 429 and 5xx are reported as busy / bad gateway without retry (the page's next ask retries).
 */
import { HttpError, readCappedBytes, startDeadline } from './http.js';
import type { Logger } from './log.js';
import { isPlainObject } from './validate.js';

/** Largest GraphQL answer read, in bytes. */
export const MAX_GRAPHQL_BYTES = 2 * 1024 * 1024;

export interface GraphqlAnswer {
  readonly data: Record<string, unknown> | null;
  readonly errors: readonly { readonly message: string; readonly path: readonly (string | number)[] }[];
}

export type GraphqlClient = (
  document: string,
  variables: Record<string, unknown>,
  customerId: number | undefined,
) => Promise<GraphqlAnswer>;

/**
 * The storefront refused a request speaking for a customer twice, the second time with a fresh server-side token:
 * most likely the customer's credential (a customer access token logged out elsewhere, or expired). Still the
 * `ERR_BC_UPSTREAM` every other refusal is; told apart so a caller holding that credential itself (the backend's
 * session, sign-in.ts) can check and end the session.
 */
export class CustomerRefusedError extends HttpError {
  constructor() {
    super('ERR_BC_UPSTREAM', { cause: new Error('the storefront refused the request as this customer') });
  }
}

/** The server-side bearer token of GraphQL calls: kept, and replaced when the storefront refuses it. */
export interface BearerTokens {
  get(): Promise<string>;
  /** Forgets `token` (the storefront refused it); a later `get` answers another, when it can. */
  drop(token: string): void;
}

/** How a GraphQL request speaks for a customer. */
export interface CustomerCredential {
  /** The request headers that make a request speak for `customerId`. */
  headers(customerId: number): Promise<Record<string, string>>;
  /** The storefront answered 401 to a request sent with `headers` for `customerId`: forget what they hold. */
  refused(customerId: number, headers: Record<string, string>): void;
}

/** The older way (graphql-storefront.mdx, "Customer impersonation tokens"): `X-Bc-Customer-Id`, any customer. */
export const impersonationCredential: CustomerCredential = {
  headers: async (customerId) => ({ 'x-bc-customer-id': String(customerId) }),
  refused: () => {},
};

export function createGraphqlClient(options: {
  fetch: typeof fetch;
  storefrontOrigin: string;
  tokens: BearerTokens;
  /** Default: `impersonationCredential`. */
  customer?: CustomerCredential;
  timeoutMs: number;
  logger: Logger;
}): GraphqlClient {
  const { logger } = options;
  const credential = options.customer ?? impersonationCredential;
  const url = `${options.storefrontOrigin}/graphql`;

  async function once(
    token: string,
    document: string,
    variables: Record<string, unknown>,
    customerHeaders: Record<string, string>,
    signal: AbortSignal,
  ) {
    const response = await options.fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json',
        ...customerHeaders,
      },
      body: JSON.stringify({ query: document, variables }),
      signal,
      redirect: 'manual',
    });
    if (response.status !== 200) {
      void response.body?.cancel().catch(() => {});
      return { status: response.status, text: '' };
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_GRAPHQL_BYTES) {
      void response.body?.cancel().catch(() => {});
      throw new HttpError('ERR_BC_UPSTREAM', { cause: new Error('graphql answer too large') });
    }
    // Read no further than the cap: an answer without Content-Length is not downloaded whole before being refused.
    const bytes = await readCappedBytes(response.body, MAX_GRAPHQL_BYTES);
    if (bytes === null) throw new HttpError('ERR_BC_UPSTREAM', { cause: new Error('graphql answer too large') });
    if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(response.headers.get('content-type') ?? '')) {
      throw new HttpError('ERR_BC_UPSTREAM', { cause: new Error('graphql answer is not JSON') });
    }
    return { status: 200, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  }

  return async (document, variables, customerId) => {
    const { signal, aborted, clear } = startDeadline(options.timeoutMs, () => new HttpError('ERR_BC_UPSTREAM_TIMEOUT'));
    try {
      for (let attempt = 0; ; attempt++) {
        const token = await Promise.race([options.tokens.get(), aborted]);
        const customerHeaders =
          customerId === undefined ? {} : await Promise.race([credential.headers(customerId), aborted]);
        let answer: { status: number; text: string };
        try {
          answer = await Promise.race([once(token, document, variables, customerHeaders, signal), aborted]);
        } catch (error) {
          if (error instanceof HttpError) {
            logger.warn('upstream_failed', { route: 'graphql', code: error.code });
            throw error;
          }
          if (signal.aborted) throw new HttpError('ERR_BC_UPSTREAM_TIMEOUT', { cause: error });
          logger.warn('upstream_failed', { route: 'graphql', reason: 'network' });
          throw new HttpError('ERR_BC_UPSTREAM', { cause: error });
        }
        if (answer.status === 401 && attempt === 0) {
          // Either may be the one refused (revoked, expired, logged out elsewhere): both are replaced.
          options.tokens.drop(token);
          if (customerId !== undefined) credential.refused(customerId, customerHeaders);
          logger.warn('upstream_retry', { route: 'graphql', status: 401, reason: 'token refused' });
          continue;
        }
        if (answer.status === 401 && customerId !== undefined) {
          logger.warn('upstream_failed', { route: 'graphql', status: 401, reason: 'customer credential refused' });
          throw new CustomerRefusedError();
        }
        if (answer.status !== 200) {
          logger[answer.status === 401 || answer.status === 403 ? 'error' : 'warn']('upstream_failed', {
            route: 'graphql',
            status: answer.status,
          });
          if (answer.status === 429)
            throw new HttpError('ERR_BC_UPSTREAM_UNAVAILABLE', { headers: { 'retry-after': '1' } });
          throw new HttpError('ERR_BC_UPSTREAM');
        }
        let body: unknown;
        try {
          body = JSON.parse(answer.text);
        } catch (error) {
          logger.warn('upstream_failed', { route: 'graphql', reason: 'malformed json' });
          throw new HttpError('ERR_BC_UPSTREAM', { cause: error });
        }
        if (!isPlainObject(body))
          throw new HttpError('ERR_BC_UPSTREAM', { cause: new Error('graphql answer is not an object') });
        const data = isPlainObject(body['data']) ? body['data'] : null;
        const errors = Array.isArray(body['errors'])
          ? body['errors'].filter(isPlainObject).map((e) => ({
              message: typeof e['message'] === 'string' ? e['message'] : '',
              path: Array.isArray(e['path']) ? (e['path'] as (string | number)[]) : [],
            }))
          : [];
        if (!data && errors.length === 0)
          throw new HttpError('ERR_BC_UPSTREAM', { cause: new Error('graphql answer without data') });
        return { data, errors };
      }
    } finally {
      clear();
    }
  };
}
