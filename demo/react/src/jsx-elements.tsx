// JSX typing of the bc-* elements for React 19: their properties and `onbc-*` event props. Types only (nothing
// imports this file); a .tsx file so that only demo/react/tsconfig.json checks it, against the built package.
import type { BcCheckoutButton, BcCurrentCustomer, BcGroupPrice, BcStore } from 'bc-customer-elements';
import type { DOMAttributes, ReactNode } from 'react';

type Props<E, P extends keyof E> = Partial<Pick<E, P>> &
  DOMAttributes<E> & { children?: ReactNode; class?: string; slot?: string; [event: `onbc-${string}`]: unknown };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'bc-store': Props<BcStore, 'endpoint' | 'currency' | 'storefront' | 'locale'> & {
        'app-client-id'?: string;
        'channel-id'?: number;
      };
      'bc-current-customer': Props<BcCurrentCustomer, 'appClientId' | 'storefront'>;
      'bc-group-price': Props<BcGroupPrice, 'productId' | 'variantId' | 'options' | 'showRange' | 'showBulk'>;
      'bc-checkout-button': Props<BcCheckoutButton, 'cartId' | 'embedded' | 'disabled'>;
    }
  }
}
