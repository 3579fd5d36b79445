'use client';
// The README's pattern for server-rendered React: the wrappers of bc-customer-elements/react, and the elements
// registered in the browser by bc-customer-elements/define. Every event heard is recorded on window.bcHeard.
import 'bc-customer-elements/define';
import { BcCurrentCustomer, BcGroupPrice, BcStore } from 'bc-customer-elements/react';
import type { BcErrorEvent, BcPriceChangeEvent } from 'bc-customer-elements';

function hear(entry: string): void {
  const w = window as unknown as { bcHeard?: string[] };
  (w.bcHeard ??= []).push(entry);
}

export function Shop({ appClientId, products }: { appClientId: string; products: number[] }) {
  return (
    <BcStore appClientId={appClientId} endpoint="/api/bc" currency="USD">
      <BcCurrentCustomer onCustomerChange={(event) => hear(`customer ${event.status}`)} onError={(event: BcErrorEvent) => hear(`error ${event.code}`)}>
        <span slot="signed-out">Guest</span>
      </BcCurrentCustomer>
      <ul>
        {products.map((id) => (
          <li key={id} data-product-id={id}>
            <BcGroupPrice
              productId={id}
              onPriceChange={(event: BcPriceChangeEvent) => hear(`price ${id} ${event.text}`)}
              onError={(event: BcErrorEvent) => hear(`error ${event.code}`)}
            >
              list price
            </BcGroupPrice>
          </li>
        ))}
      </ul>
    </BcStore>
  );
}
