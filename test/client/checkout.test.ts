import { expect } from '@open-wc/testing';
import { checkStorefrontUrl, requestCheckoutUrl, type PostJson } from '../../src/client/checkout.js';
import { cartIdFrom, cookieCartIdSource, normalizeCartId, readCookie } from '../../src/client/cart-id.js';
import { BcError } from '../../src/errors.js';

const STOREFRONT = 'https://shop.example.com';

async function rejection(promise: Promise<unknown>): Promise<BcError> {
  try {
    await promise;
  } catch (error) {
    return error as BcError;
  }
  throw new Error('expected a rejection');
}

function thrown(run: () => unknown): BcError {
  try {
    run();
  } catch (error) {
    return error as BcError;
  }
  throw new Error('expected a throw');
}

describe('checkout URL', () => {
  it('asks /checkout for the cart after ready(), and gives back the checked URL', async () => {
    const order: string[] = [];
    const calls: unknown[][] = [];
    const postJson = (async (route: string, body: unknown) => {
      order.push('post');
      calls.push([route, body]);
      return { url: `${STOREFRONT}/login/token/abc.def.ghi`, signedIn: true };
    }) as PostJson;
    const result = await requestCheckoutUrl({
      cartId: 'c1',
      storefront: STOREFRONT,
      postJson,
      ready: async () => void order.push('ready'),
    });
    expect(result).to.deep.equal({ url: `${STOREFRONT}/login/token/abc.def.ghi`, signedIn: true });
    expect(calls).to.deep.equal([['/checkout', { cartId: 'c1' }]]);
    expect(order).to.deep.equal(['ready', 'post']);
  });

  it('asks for the embedded URL when embedded', async () => {
    const bodies: unknown[] = [];
    const postJson = (async (_route: string, body: unknown) => {
      bodies.push(body);
      return { url: `${STOREFRONT}/cart.php?embedded=1&action=loadInCheckout&id=c1&token=t`, signedIn: false };
    }) as PostJson;
    const result = await requestCheckoutUrl({ cartId: 'c1', embedded: true, storefront: STOREFRONT, postJson });
    expect(bodies).to.deep.equal([{ cartId: 'c1', embedded: true }]);
    expect(result.signedIn).to.equal(false);
  });

  it('refuses URLs that leave the storefront', () => {
    const refused = [
      'https://evil.example.com/login/token/x',
      'https://shop.example.com.evil.com/checkout',
      'http://shop.example.com/checkout', // another scheme is another origin
      'https://shop.example.com:8443/checkout',
      'https://user:pass@shop.example.com/checkout',
      'javascript:alert(1)',
      'data:text/html,hi',
      '//evil.example.com/checkout',
      '/checkout',
      '',
    ];
    for (const url of refused) {
      const error = thrown(() => checkStorefrontUrl(url, STOREFRONT));
      expect(error.code, url).to.equal('ERR_BC_INVALID_REDIRECT');
    }
    expect(thrown(() => checkStorefrontUrl('https://evil.example.com/', STOREFRONT)).message).to.equal(
      'Refused to leave for a checkout URL outside the storefront https://shop.example.com.',
    );
    expect(thrown(() => checkStorefrontUrl(42, STOREFRONT)).code).to.equal('ERR_BC_INVALID_REDIRECT');
  });

  it('accepts storefront URLs, normalized', () => {
    expect(
      checkStorefrontUrl('https://SHOP.example.com/cart.php?action=loadInCheckout&id=1', `${STOREFRONT}/some/page`),
    ).to.equal('https://shop.example.com/cart.php?action=loadInCheckout&id=1');
  });

  it('rejects a tampered answer from the backend', async () => {
    const postJson = (async () => ({ url: 'https://evil.example.com/phish', signedIn: true })) as PostJson;
    const error = await rejection(requestCheckoutUrl({ cartId: 'c1', storefront: STOREFRONT, postJson }));
    expect(error).to.be.instanceOf(BcError);
    expect([error.code, error.message]).to.deep.equal([
      'ERR_BC_INVALID_REDIRECT',
      'Refused to leave for a checkout URL outside the storefront https://shop.example.com.',
    ]);
    const malformed = await rejection(
      requestCheckoutUrl({ cartId: 'c1', storefront: STOREFRONT, postJson: (async () => null) as PostJson }),
    );
    expect([malformed.code, malformed.message]).to.deep.equal([
      'ERR_BC_UPSTREAM',
      'The backend sent a malformed checkout answer.',
    ]);
  });

  it('passes backend errors through', async () => {
    const postJson = (async () => {
      throw new BcError('ERR_BC_CART_NOT_FOUND', 'Cart not found.');
    }) as PostJson;
    const error = await rejection(requestCheckoutUrl({ cartId: 'gone', storefront: STOREFRONT, postJson }));
    expect([error.code, error.message]).to.deep.equal(['ERR_BC_CART_NOT_FOUND', 'Cart not found.']);
  });
});

describe('cart id sources', () => {
  it('reads a cookie by exact name, decoded', () => {
    const cookies = 'xcartId=nope; cartId=3fa85f64-5717-4562-b3fc-2c963f66afa6; other=%20x';
    expect(readCookie(cookies, 'cartId')).to.equal('3fa85f64-5717-4562-b3fc-2c963f66afa6');
    expect(readCookie(cookies, 'other')).to.equal(' x');
    expect(readCookie(cookies, 'missing')).to.equal(null);
    expect(readCookie('cartId="quoted"', 'cartId')).to.equal('quoted');
  });

  it('reads the document cookie each time it is asked', async () => {
    const doc = { cookie: '' };
    const source = cookieCartIdSource('bc_cart', doc);
    expect(await cartIdFrom(source)).to.equal(null);
    doc.cookie = 'bc_cart=abc-123';
    expect(await cartIdFrom(source)).to.equal('abc-123');
    expect(() => cookieCartIdSource('a=b')).to.throw(TypeError, 'cookie name must be a plain token, got "a=b"');
  });

  it('accepts only id-shaped values, and counts a failing source as no cart', async () => {
    expect(normalizeCartId(' 3fa85f64-5717 ')).to.equal('3fa85f64-5717');
    expect(normalizeCartId('../../admin')).to.equal(null);
    expect(normalizeCartId('a b')).to.equal(null);
    expect(normalizeCartId(12)).to.equal(null);
    expect(await cartIdFrom(async () => 'async-id')).to.equal('async-id');
    expect(await cartIdFrom(() => Promise.reject(new Error('offline')))).to.equal(null);
    expect(
      await cartIdFrom(() => {
        throw new Error('broken');
      }),
    ).to.equal(null);
    expect(await cartIdFrom(null)).to.equal(null);
  });
});
