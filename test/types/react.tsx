// A React 19 app: `bc-customer-elements/jsx` types the tags in JSX (properties, attributes, `onbc-…` events).
import 'bc-customer-elements/jsx';
import type { BcErrorEvent } from 'bc-customer-elements';
import { useRef } from 'react';

export function Product({ productId }: { productId: number }) {
  const price = useRef<HTMLElementTagNameMap['bc-group-price']>(null);
  return (
    <bc-store app-client-id="abc123" endpoint="/bc" currency="USD" channel-id={1} tax-display="inclusive">
      <bc-current-customer
        class="customer"
        onbc-customer-change={(event) => {
          const status: 'loading' | 'guest' | 'signed-in' | 'error' = event.status;
          void status;
        }}
      >
        <a slot="signed-out" href="/login.php">
          Sign in
        </a>
      </bc-current-customer>
      <bc-group-price
        ref={price}
        productId={productId}
        variantId={64}
        options={[{ optionId: 1, valueId: 2 }]}
        showRange
        onbc-price-change={(event) => {
          const text: string = event.text;
          void text;
        }}
        onbc-error={(event) => void event.code}
      >
        $25.00
      </bc-group-price>
      <bc-group-price product-id="80" show-bulk>
        $25.00
      </bc-group-price>
      <bc-checkout-button
        cartId="3fa85f64-5717-4562-b3fc-2c963f66afa6"
        embedded
        navigate={(url) => window.location.assign(url)}
        onbc-before-checkout={(event) => event.preventDefault()}
        onbc-checkout={(event) => void event.url}
      >
        Checkout
      </bc-checkout-button>
      <bc-sign-in
        storefront-token="public-token"
        submitLabel="Log in"
        onbc-sign-in={(event) => void event.customer.email}
      />
    </bc-store>
  );
}

export function Mistakes() {
  return (
    <>
      {/* @ts-expect-error productId is a number */}
      <bc-group-price productId="80" />
      {/* @ts-expect-error bc-price-change carries a BcPriceChangeEvent, not a BcErrorEvent */}
      <bc-group-price onbc-price-change={(event: BcErrorEvent) => void event.code} />
      {/* @ts-expect-error embedded is a boolean */}
      <bc-checkout-button embedded="yes" />
    </>
  );
}
