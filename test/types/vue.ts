// A Vue 3.5 app: `bc-customer-elements/vue` declares the tags in GlobalComponents, which vue-tsc / Volar use to
// check templates. Checked here through the same types the template checker reads ($props of each component).
import 'bc-customer-elements/vue';
import type { GlobalComponents } from 'vue';

type Props<T extends keyof GlobalComponents> = InstanceType<GlobalComponents[T]>['$props'];

export const store: Props<'bc-store'> = { 'app-client-id': 'abc123', endpoint: '/bc', channelId: 1 };

export const price: Props<'bc-group-price'> = {
  productId: 80,
  'variant-id': '64',
  class: 'price',
  onBcPriceChange: (event) => {
    const text: string = event.text;
    void text;
  },
  onBcError: (event) => void event.code,
};

export const button: Props<'bc-checkout-button'> = {
  cartId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  onBcBeforeCheckout: (event) => event.preventDefault(),
  onBcCheckout: (event) => void event.signedIn,
};

export const customer: Props<'bc-current-customer'> = {
  onBcCustomerChange: (event) => void event.customer?.email,
};

// Vue checks `product-id="80"` as the productId prop, so its text passes; text that is no number does not.
export const attributeText: Props<'bc-group-price'> = { productId: '80' };
// @ts-expect-error productId is a number, or its text
export const wrongType: Props<'bc-group-price'> = { productId: 'eighty' };

// @ts-expect-error bc-customer-change carries a BcCustomerChangeEvent
export const wrongEvent: Props<'bc-current-customer'> = { onBcCustomerChange: (event: { code: string }) => event };

// The instance type is the element itself (template refs).
export function focus(el: InstanceType<GlobalComponents['bc-checkout-button']>): Promise<void> {
  return el.checkout();
}
