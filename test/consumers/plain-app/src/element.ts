// One element's entry, registered by hand: its events are typed without any other import.
import { BcGroupPrice } from 'bc-customer-elements/elements/bc-group-price';

BcGroupPrice.define();
const price = document.createElement('bc-group-price');
price.productId = 80;
price.addEventListener('bc-price-change', (event) => {
  const text: string = event.text;
  void text;
});
price.addEventListener('bc-error', (event) => void event.code);
