// Shopper-facing words in the page's languages (src/client/localize.ts): English built in, others registered by the
// page at run time, chosen by each element's nearest lang (then the document's), English for the rest.
import { expect, fixture, fixtureCleanup, html, oneEvent as anyEvent } from '@open-wc/testing';
import '../../src/define.js';
import * as scriptTagGlobal from '../../src/define.js';
import { registerMessages } from '../../src/client/localize.js';
import type { BcGroupPrice } from '../../src/elements/bc-group-price.js';
import { recordAnnouncements, settleAnnouncements } from './live-region.js';
import { instantPrices, money, mount, unmount } from './price-answers.js';

const oneEvent = <K extends keyof GlobalEventHandlersEventMap>(target: EventTarget, type: K) =>
  anyEvent(target, type) as unknown as Promise<GlobalEventHandlersEventMap[K]>;
/** Every item at $30.00 list, `now()` calculated, with a bulk tier of 10 % from 5. */
const service = (now: () => number = () => 25) =>
  instantPrices(() => ({
    calculatedPrice: money(now()),
    bulk: [{ minimum: 5, maximum: null, discountAmount: 10, discountType: 'percent' }],
  }));
const plain = (text: string | null | undefined) => text?.replace(/\s+/g, ' ').trim() ?? null;
const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const hiddenWords = (el: Element) =>
  [...el.shadowRoot!.querySelectorAll('[part~="price"] .visually-hidden')].map((n) => n.textContent);

// French, registered once for the whole file (as a page does): the words in their order, the prices in theirs.
registerMessages('fr', {
  priceSale: '{now} au lieu de {was}',
  bulkTier: 'dès {quantity} : {price} l’unité',
  priceChanged: 'Prix : {price}',
  pricesChanged: 'Prix mis à jour',
  emailLabel: 'E-mail',
  passwordLabel: 'Mot de passe',
  submitLabel: 'Se connecter',
  cartEmpty: 'Votre panier est vide.',
});

beforeEach(() => settleAnnouncements());
afterEach(() => {
  unmount();
  fixtureCleanup();
});

describe('localized words', () => {
  it('speaks a language the page registered, for elements under its lang (fr-CA uses fr)', async () => {
    const { container, first } = mount(
      html`<section lang="fr-CA"><bc-group-price locale="fr-CA" product-id="1" show-bulk .priceService=${service()}>30 $</bc-group-price></section>`,
      'bc-price-change',
    );
    const el = container.querySelector('bc-group-price')!;
    expect(plain((await first).text)).to.equal('25,00 $ US au lieu de 30,00 $ US');
    await el.updateComplete;
    expect(plain(part(el, 'price')!.textContent)).to.equal(
      '25,00 $ US au lieu de 30,00 $ US dès 5+ : 22,50 $ US l’unité',
    );
    expect(plain(part(el, 'was')!.textContent)).to.equal('au lieu de 30,00 $ US');
    expect(hiddenWords(el)).to.deep.equal([' au lieu de ']);
    await expect(el).to.be.accessible();
  });

  it('falls back to English for a language nobody registered, and to the document lang without a closer one', async () => {
    const { container, first } = mount(
      html`<div lang="nl"><bc-group-price locale="en-US" product-id="1" .priceService=${service()}>$30.00</bc-group-price></div>
        <bc-group-price id="document-lang" locale="en-US" product-id="1" .priceService=${service()}>$30.00</bc-group-price>`,
      'bc-price-change',
    );
    expect((await first).text).to.equal('was $30.00, now $25.00');
    const byDocument = container.querySelector<BcGroupPrice>('#document-lang')!;
    const lang = document.documentElement.lang;
    try {
      const french = oneEvent(byDocument, 'bc-price-change');
      document.documentElement.lang = 'fr';
      expect(plain((await french).text)).to.equal('$25.00 au lieu de $30.00');
    } finally {
      document.documentElement.lang = lang;
    }
  });

  it('changes language with the lang around an element, and announces in it', async () => {
    let now = 25;
    const prices = service(() => now);
    const { container, first } = mount(
      html`<div lang="en"><bc-group-price locale="en-US" product-id="1" .priceService=${prices}>$30.00</bc-group-price></div>`,
      'bc-price-change',
    );
    const el = container.querySelector('bc-group-price')!;
    await first;
    const announcements = recordAnnouncements();
    const french = oneEvent(el, 'bc-price-change');
    container.firstElementChild!.setAttribute('lang', 'fr');
    expect(plain((await french).text)).to.equal('$25.00 au lieu de $30.00');
    await el.updateComplete;
    expect(plain(part(el, 'price')!.textContent)).to.equal('$25.00 au lieu de $30.00');
    // What the shopper hears changed with the words: said in the new language, as any change of a shown price.
    expect(await announcements.next()).to.equal('Prix : $25.00 au lieu de $30.00');

    now = 20;
    prices.invalidate(); // a sign-in changes the price
    expect(await announcements.next()).to.equal('Prix : $20.00 au lieu de $30.00');
    announcements.stop();
  });

  it('shows a language registered after the elements at once', async () => {
    const { container, first } = mount(
      html`<div lang="de"><bc-group-price locale="de-DE" product-id="1" .priceService=${service()}>30 $</bc-group-price></div>`,
      'bc-price-change',
    );
    const el = container.querySelector('bc-group-price')!;
    expect(plain((await first).text)).to.equal('was 30,00 $, now 25,00 $');
    const german = oneEvent(el, 'bc-price-change');
    scriptTagGlobal.registerMessages('de', { priceSale: 'statt {was} jetzt {now}' }); // as `BcCustomerElements.registerMessages`
    expect(plain((await german).text)).to.equal('statt 30,00 $ jetzt 25,00 $');
  });

  it('gives <bc-sign-in> and <bc-checkout-button> their words, unless the page set them', async () => {
    const root = await fixture<HTMLElement>(html`<div lang="fr">
      <bc-sign-in></bc-sign-in>
      <bc-sign-in submit-label="Entrer"></bc-sign-in>
      <bc-checkout-button>Commander</bc-checkout-button>
    </div>`);
    const [form, labelled] = [...root.querySelectorAll('bc-sign-in')];
    const button = root.querySelector('bc-checkout-button')!;
    await Promise.all([form!.updateComplete, labelled!.updateComplete, button.updateComplete]);
    const labels = (el: Element) =>
      [...el.shadowRoot!.querySelectorAll('label, button')].map((n) => plain(n.textContent));
    expect(labels(form!)).to.deep.equal(['E-mail', 'Mot de passe', 'Se connecter']);
    expect(labels(labelled!)).to.deep.equal(['E-mail', 'Mot de passe', 'Entrer']);
    await button.refreshCartId();
    await button.updateComplete;
    const explanation = part(button, 'explanation')!.querySelector('slot')!;
    expect(plain(explanation.textContent)).to.equal('Votre panier est vide.');
  });

  it('refuses a registration that could not be shown', () => {
    expect(() => registerMessages('fr', { priceSale: 'seulement {now}' })).to.throw(TypeError, /priceSale/);
    expect(() => registerMessages('not a tag!', {})).to.throw(RangeError);
    expect(() => registerMessages('fr', { cartEmpty: 3 } as never)).to.throw(TypeError, /cartEmpty/);
  });
});
