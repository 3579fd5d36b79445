import { useCallback, useState } from 'react';
import type { BcCheckoutEvent, BcCustomerChangeEvent, BcErrorEvent, BcPriceChangeEvent } from 'bc-customer-elements';
import type { FormattedPrice } from 'bc-customer-elements/client';
import {
  addLine,
  createCart,
  describeEvent,
  followLog,
  products,
  publicPrice,
  pushLog,
  storeName,
  storeSettings,
  type CartLine,
  type DemoProduct,
  type LoggedEvent,
} from '../../shared/demo-app.ts';

export function App() {
  const [customer, setCustomer] = useState<BcCustomerChangeEvent['customer']>(null);
  const [status, setStatus] = useState('loading');
  const [lines, setLines] = useState<CartLine[]>([]);
  const [cartId, setCartId] = useState('');
  const [log, setLog] = useState<LoggedEvent[]>([]);
  const record = useCallback((event: Event) => setLog((current) => pushLog(current, describeEvent(event))), []);

  const onCustomerChange = useCallback(
    (event: BcCustomerChangeEvent) => {
      setStatus(event.status);
      setCustomer(event.customer);
      record(event);
    },
    [record],
  );

  const add = async (product: DemoProduct, variantId: number | null) => {
    const next = addLine(lines, product, variantId);
    setLines(next);
    setCartId(await createCart(next));
  };

  return (
    // <bc-store> gets attributes: the elements inside read the page configuration from them as they connect.
    <bc-store
      app-client-id={storeSettings.appClientId}
      endpoint={storeSettings.endpoint}
      currency={storeSettings.currency}
      channel-id={storeSettings.channelId}
    >
      <header>
        <span className="brand">{storeName} · React</span>
        <nav aria-label="Demos">
          <ul>
            <li>
              <a href="/">CMS page</a>
            </li>
            <li>
              <a href="/react/" aria-current="page">
                React
              </a>
            </li>
            <li>
              <a href="/vue/">Vue</a>
            </li>
            <li>
              <a href="/svelte/">Svelte</a>
            </li>
          </ul>
        </nav>
        <div className="account">
          <bc-current-customer onbc-customer-change={onCustomerChange}>
            <a slot="signed-out" href="/login.php?redirect_to=%2Freact%2F">
              Sign in
            </a>
          </bc-current-customer>
          {status === 'signed-in' && <a href="/login.php?action=logout">Sign out</a>}
        </div>
      </header>
      <main>
        <section aria-labelledby="app-title">
          <h1 id="app-title">React app</h1>
          <p className="muted" id="who">
            {customer ? `Prices for ${customer.email}, customer group ${customer.groupId ?? 'none'}.` : 'Guest prices.'}
          </p>
          <h2>Products</h2>
          <ul className="grid">
            {products.map((product) => (
              <ProductCard key={product.id} product={product} onAdd={add} onPriceChange={record} />
            ))}
          </ul>
        </section>
        <aside>
          <section aria-labelledby="cart-title">
            <h2 id="cart-title">Cart ({lines.reduce((n, l) => n + l.quantity, 0)})</h2>
            <ul className="cart-lines">
              {lines.map((line) => (
                <li key={`${line.productId}:${line.variantId}`}>
                  <span>
                    {line.quantity} × {line.name}
                  </span>
                  <bc-group-price productId={line.productId} variantId={line.variantId}></bc-group-price>
                </li>
              ))}
            </ul>
            <bc-checkout-button
              cartId={cartId}
              onbc-checkout={(event: BcCheckoutEvent) => record(event)}
              onbc-error={(event: BcErrorEvent) => record(event)}
            >
              Checkout
            </bc-checkout-button>
          </section>
          <section aria-labelledby="events-title">
            <h2 id="events-title">Events</h2>
            <ol className="event-log" tabIndex={0} aria-labelledby="events-title" ref={followLog}>
              {log.map((entry) => (
                <li key={entry.id} className={entry.type}>
                  <code>{entry.type}</code>
                  {entry.text}
                </li>
              ))}
            </ol>
          </section>
        </aside>
      </main>
    </bc-store>
  );
}

function ProductCard(props: {
  product: DemoProduct;
  onAdd: (product: DemoProduct, variantId: number | null) => void;
  onPriceChange: (event: BcPriceChangeEvent) => void;
}) {
  const { product } = props;
  const [variantId, setVariantId] = useState<number | null>(null);
  const showRange = product.ranged && variantId === null;
  return (
    <li className="product" data-product-id={product.id}>
      <h3>{product.name}</h3>
      <div className="price">
        <bc-group-price
          productId={product.id}
          variantId={variantId}
          showRange={showRange}
          showBulk={product.bulk}
          onbc-price-change={props.onPriceChange}
        >
          <PublicPrice price={publicPrice(product, { range: showRange })} />
        </bc-group-price>
      </div>
      {product.variants.length > 0 && (
        <label>
          Variant
          <select
            value={variantId ?? ''}
            onChange={(e) => setVariantId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">Choose…</option>
            {product.variants.map((v) => (
              <option key={v.id} value={v.id}>
                {v.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" onClick={() => props.onAdd(product, variantId)}>
        Add to cart<span className="visually-hidden">: {product.name}</span>
      </button>
    </li>
  );
}

/** The page's own price, in the shape of the group price that replaces it (see `publicPrice`). */
function PublicPrice({ price }: { price: FormattedPrice }) {
  return (
    <>
      {price.display === 'sale' ? (
        <>
          <s className="was">
            <span className="visually-hidden">was </span>
            {price.was}
          </s>
          <span className="visually-hidden">, now </span>
          <span className="now sale">{price.now}</span>
        </>
      ) : (
        <span className={price.display === 'range' ? 'range' : 'now'}>{price.label}</span>
      )}
      {price.bulk.length > 0 && (
        <ul className="bulk">
          {price.bulk.map((tier) => (
            <li key={tier.quantity}>{tier.text}</li>
          ))}
        </ul>
      )}
    </>
  );
}
