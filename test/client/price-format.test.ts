import { expect } from '@open-wc/testing';
import { MAX_FORMATTERS, amountOf, formatPrice, numberFormat } from '../../src/client/price-format.js';
import type { BcError } from '../../src/errors.js';
import type { Money, PricedItem } from '../../src/protocol.js';

const money = (exclusive: number, inclusive = exclusive): Money => ({
  asEntered: exclusive,
  enteredInclusive: false,
  taxExclusive: exclusive,
  taxInclusive: inclusive,
});

const item = (overrides: Partial<PricedItem> = {}): PricedItem => ({
  productId: 80,
  variantId: 64,
  options: [],
  price: money(30),
  calculatedPrice: money(30),
  ...overrides,
});

// Intl output uses narrow no-break spaces in some locales; compare with plain spaces.
const plain = (text: string | null) => text?.replace(/[\u00a0\u202f]/g, ' ') ?? null;

describe('price format', () => {
  it('formats a plain price with no was price, range or tiers', () => {
    expect(formatPrice(item(), { locale: 'en-US', currency: 'USD' })).to.deep.equal({
      now: '$30.00',
      was: null,
      range: null,
      bulk: [],
      display: 'price',
      label: '$30.00',
    });
  });

  it('shows the list price as the was price when the shopper pays less', () => {
    const result = formatPrice(item({ salePrice: money(25), calculatedPrice: money(25) }), {
      locale: 'en-US',
      currency: 'USD',
    });
    expect([result.now, result.was, result.label]).to.deep.equal(['$25.00', '$30.00', 'was $30.00, now $25.00']);
  });

  it('shows no was price for float noise below a cent', () => {
    const result = formatPrice(item({ price: money(29.999999), calculatedPrice: money(30) }), {
      locale: 'en-US',
      currency: 'USD',
    });
    expect(result.was).to.equal(null);
  });

  it('uses the tax-inclusive or tax-exclusive amount as configured', () => {
    const taxed = item({ price: money(30, 36), calculatedPrice: money(25, 30) });
    const exclusive = formatPrice(taxed, { locale: 'en-US', currency: 'USD', tax: 'exclusive' });
    const inclusive = formatPrice(taxed, { locale: 'en-US', currency: 'USD', tax: 'inclusive' });
    expect([exclusive.now, exclusive.was]).to.deep.equal(['$25.00', '$30.00']);
    expect([inclusive.now, inclusive.was]).to.deep.equal(['$30.00', '$36.00']);
    expect(amountOf(money(1, 2))).to.equal(1);
  });

  it('formats for the locale and the currency', () => {
    const euro = formatPrice(item({ calculatedPrice: money(1234.5), price: money(1500) }), {
      locale: 'de-DE',
      currency: 'EUR',
    });
    expect([plain(euro.now), plain(euro.was)]).to.deep.equal(['1.234,50 €', '1.500,00 €']);
    const yen = formatPrice(item({ calculatedPrice: money(1200), price: money(1200) }), {
      locale: 'ja-JP',
      currency: 'JPY',
    });
    expect(yen.now).to.equal('￥1,200');
    const pounds = formatPrice(item(), { locale: 'en-GB', currency: 'GBP' });
    expect(pounds.now).to.equal('£30.00');
  });

  it('formats a range over variants only when low and high differ', () => {
    const ranged = item({ range: { minimum: money(10), maximum: money(20.5) } });
    const result = formatPrice(ranged, { locale: 'en-US', currency: 'USD', range: true });
    expect(plain(result.range)).to.equal('$10.00 – $20.50');
    expect([result.display, plain(result.label)]).to.deep.equal(['range', '$10.00 – $20.50']);
    const flat = formatPrice(item({ range: { minimum: money(10), maximum: money(10) } }), {
      locale: 'en-US',
      currency: 'USD',
    });
    expect(flat.range).to.equal(null);
  });

  it('labels what it shows: the range only when asked for, else the was and now prices, else the price', () => {
    const onSale = item({
      price: money(22),
      calculatedPrice: money(17.6),
      range: { minimum: money(17.6), maximum: money(22) },
    });
    const usd = { locale: 'en-US', currency: 'USD' } as const;
    const shown = (result: ReturnType<typeof formatPrice>) => [result.display, plain(result.label)];
    expect(shown(formatPrice(onSale, usd))).to.deep.equal(['sale', 'was $22.00, now $17.60']);
    expect(shown(formatPrice(onSale, { ...usd, range: false }))).to.deep.equal(['sale', 'was $22.00, now $17.60']);
    expect(shown(formatPrice(onSale, { ...usd, range: true }))).to.deep.equal(['range', '$17.60 – $22.00']);
    // A chosen variant: the product's range comes along, but the variant's price is what shows.
    const variant = item({
      price: money(22),
      calculatedPrice: money(22),
      range: { minimum: money(17.6), maximum: money(22) },
    });
    expect(shown(formatPrice(variant, usd))).to.deep.equal(['price', '$22.00']);
    // Asked for, but the variants cost the same: the price.
    const flat = item({ range: { minimum: money(30), maximum: money(30) } });
    expect(shown(formatPrice(flat, { ...usd, range: true }))).to.deep.equal(['price', '$30.00']);
  });

  it('formats bulk tiers of each discount type, lowest quantity first', () => {
    const result = formatPrice(
      item({
        calculatedPrice: money(20),
        bulk: [
          { minimum: 10, maximum: null, discountAmount: 12, discountType: 'fixed' },
          { minimum: 2, maximum: 4, discountAmount: 10, discountType: 'percent' },
          { minimum: 5, maximum: 9, discountAmount: 3, discountType: 'price' },
        ],
      }),
      { locale: 'en-US', currency: 'USD' },
    );
    expect(
      result.bulk.map(({ quantity, unitPrice, discount, text }) => ({ quantity, unitPrice, discount, text })),
    ).to.deep.equal([
      { quantity: '2–4', unitPrice: '$18.00', discount: '10%', text: '2–4: $18.00 each' },
      { quantity: '5–9', unitPrice: '$17.00', discount: '$3.00', text: '5–9: $17.00 each' },
      { quantity: '10+', unitPrice: '$12.00', discount: '$12.00', text: '10+: $12.00 each' },
    ]);
  });

  it('reports an unknown currency with a code instead of a RangeError', () => {
    let error: BcError | undefined;
    try {
      formatPrice(item(), { locale: 'en-US', currency: 'NOPE' });
    } catch (e) {
      error = e as BcError;
    }
    expect(error?.code).to.equal('ERR_BC_INVALID_FORMAT');
    expect(error?.message).to.equal(
      'cannot format prices for locale "en-US" and {"style":"currency","currency":"NOPE"}',
    );
  });
});

describe('price format caches', () => {
  it('formats the same item the same way once, and again for another way', () => {
    const priced = item({ calculatedPrice: money(25) });
    const first = formatPrice(priced, { locale: 'en-US', currency: 'USD' });
    expect(formatPrice(priced, { locale: 'en-US', currency: 'USD' })).to.equal(first);
    const german = formatPrice(priced, { locale: 'de-DE', currency: 'USD' });
    expect(german).to.not.equal(first);
    expect(plain(german.label)).to.equal('was 30,00 $, now 25,00 $');
    const words = formatPrice(priced, {
      locale: 'en-US',
      currency: 'USD',
      messages: { priceSale: '{now} instead of {was}', bulkTier: '{quantity}: {price}' },
    });
    expect(words.label).to.equal('$25.00 instead of $30.00');
  });

  it(`keeps the ${MAX_FORMATTERS} formatters last used, and none after the browser's language changes`, () => {
    const usd = numberFormat('en-US', { style: 'currency', currency: 'USD' });
    expect(numberFormat('en-US', { style: 'currency', currency: 'USD' })).to.equal(usd);
    for (let digits = 0; digits < MAX_FORMATTERS - 1; digits += 1)
      numberFormat('en-US', { maximumFractionDigits: digits % 10, minimumIntegerDigits: 1 + Math.floor(digits / 10) });
    expect(numberFormat('en-US', { style: 'currency', currency: 'USD' })).to.equal(usd); // used: kept
    for (let digits = 0; digits < MAX_FORMATTERS; digits += 1)
      numberFormat('en-US', { maximumFractionDigits: digits % 10, minimumIntegerDigits: 1 + Math.floor(digits / 10) });
    const again = numberFormat('en-US', { style: 'currency', currency: 'USD' });
    expect(again).to.not.equal(usd); // the least recently used went first

    const priced = item();
    const shown = formatPrice(priced, { currency: 'USD' });
    window.dispatchEvent(new Event('languagechange'));
    expect(numberFormat('en-US', { style: 'currency', currency: 'USD' })).to.not.equal(again);
    expect(formatPrice(priced, { currency: 'USD' })).to.not.equal(shown); // formatted anew in the new default locale
  });
});
