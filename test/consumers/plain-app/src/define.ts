// A page script that registers the elements and listens to them: the define entry alone types the tags and events.
import 'bc-customer-elements/define';

const price = document.querySelector('bc-group-price');
price?.addEventListener('bc-price-change', (event) => {
  const text: string = event.text;
  const productId: number = event.price.productId;
  void [text, productId];
});
document.addEventListener('bc-customer-change', (event) => void event.customer?.email);
document.querySelector('bc-checkout-button')?.addEventListener('bc-before-checkout', (event) => event.preventDefault());
document.addEventListener('bc-error', (event) => void event.code.startsWith('ERR_BC_'));
// @ts-expect-error bc-price-change carries no customer
price?.addEventListener('bc-price-change', (event) => event.customer);
