// The GraphQL client's size cap holds while reading: an answer with no Content-Length is cut at the cap, not
// downloaded whole first (it reads through the backend's one capped reader, readCappedBytes in src/server/http.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createGraphqlClient, MAX_GRAPHQL_BYTES } from '../../../src/server/graphql-client.js';
import { HttpError } from '../../../src/server/http.js';
import { recordingLogger } from './helpers.js';

describe('graphql client', () => {
  it('refuses an endless answer without Content-Length once past the cap, and stops reading it', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const client = createGraphqlClient({
      fetch: async () => new Response(endless, { status: 200, headers: { 'content-type': 'application/json' } }),
      storefrontOrigin: 'https://shop.example.com',
      tokens: { get: async () => 'impersonation-token', drop: () => {} },
      timeoutMs: 10_000,
      logger: recordingLogger(),
    });
    const error = await client('{ site { settings { storeName } } }', {}, undefined).then(
      () => assert.fail('expected a rejection'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof HttpError);
    assert.equal(error.code, 'ERR_BC_UPSTREAM');
    assert.ok(cancelled, 'the answer was cancelled');
    assert.ok(pulled <= MAX_GRAPHQL_BYTES + 4 * chunk.byteLength, `read ${pulled} bytes`);
  });
});
