// Bundled by test/node/react/wrappers.test.ts (esbuild) and run in Chromium: a React app using the @lit/react
// wrappers of the built package exactly as a React 18 app would, reporting what the handlers saw on `window.report`.
import { createPriceBatcher } from 'bc-customer-elements';
import 'bc-customer-elements/define';
import { BcCheckoutButton, BcCurrentCustomer, BcGroupPrice, BcStore } from 'bc-customer-elements/react';
import { createRoot } from 'react-dom/client';

interface Report {
  priceTexts: string[];
  errors: string[];
  beforeCheckout: string[];
  requests: unknown[];
}
const report: Report = { priceTexts: [], errors: [], beforeCheckout: [], requests: [] };
(window as unknown as { report: Report }).report = report;

const money = (amount: number) => ({
  asEntered: amount,
  enteredInclusive: false,
  taxExclusive: amount,
  taxInclusive: amount,
});
// A price service of the page's own (a property: only settable as a property, which the wrapper does).
const priceService = createPriceBatcher({
  currency: 'USD',
  schedule: (flush) => setTimeout(flush, 0),
  transport: async (request) => {
    report.requests.push(request);
    return {
      currency: 'USD',
      channelId: 1,
      groupId: 2,
      items: request.items.map((item) => ({
        productId: item.productId,
        variantId: item.variantId ?? null,
        options: item.options ?? [],
        price: money(30),
        calculatedPrice: money(25),
      })),
    };
  },
});

function App() {
  return (
    <>
      <BcStore id="store" appClientId="" endpoint="" currency="USD" channelId={3} />
      <BcCurrentCustomer id="customer" storefront="https://shop.example">
        <a slot="signed-out" href="/login.php">
          Sign in
        </a>
      </BcCurrentCustomer>
      <BcGroupPrice
        id="price"
        className="price"
        productId={80}
        variantId={64}
        options={[{ optionId: 1, valueId: 2 }]}
        priceService={priceService}
        onPriceChange={(event) => report.priceTexts.push(event.text)}
        onError={(event) => report.errors.push(`price:${event.code}`)}
      >
        $30.00
      </BcGroupPrice>
      {/* An error found after the first render reaches onError (the product id is checked when the element updates). */}
      <BcGroupPrice
        id="bad"
        productId={-1}
        priceService={priceService}
        onError={(event) => report.errors.push(`bad:${event.code}`)}
      >
        $1.00
      </BcGroupPrice>
      <BcCheckoutButton
        id="checkout"
        cartId="3fa85f64-5717-4562-b3fc-2c963f66afa6"
        onBeforeCheckout={(event) => {
          report.beforeCheckout.push(event.cartId);
          event.preventDefault();
        }}
      >
        Checkout
      </BcCheckoutButton>
    </>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
