// The CMS page's own script (not part of the package): variant and modifier pickers, a small cart kept in
// localStorage and turned into a store cart by the demo-only `POST /demo/cart`, and the identity-event log.

const CART_KEY = 'bc-demo-cart';
const MAX_LOG = 200;

// ---- Variant and modifier pickers: they only set attributes on <bc-group-price>. ----
for (const card of document.querySelectorAll('.product')) {
  const price = card.querySelector('bc-group-price');
  const variant = card.querySelector('select.variant');
  const ranged = price.hasAttribute('show-range');
  variant?.addEventListener('change', () => {
    if (variant.value) {
      price.setAttribute('variant-id', variant.value);
      price.removeAttribute('show-range');
    } else {
      price.removeAttribute('variant-id');
      price.toggleAttribute('show-range', ranged);
    }
  });
  for (const modifier of card.querySelectorAll('select.modifier')) {
    modifier.addEventListener('change', () => price.setAttribute('options', selectedOptions(card)));
  }
  card.querySelector('button.add').addEventListener('click', () => addToCart(card));
}

function selectedOptions(card) {
  return [...card.querySelectorAll('select.modifier')].map((s) => `${s.dataset.optionId}:${s.value}`).join(',');
}

// ---- Cart ----
const checkout = document.getElementById('checkout');
const cartList = document.getElementById('cart-lines');
const cartEmpty = document.getElementById('cart-empty');
const cartCount = document.getElementById('cart-count');
const cartClear = document.getElementById('cart-clear');
let lines = readCart();

function readCart() {
  try {
    const saved = JSON.parse(localStorage.getItem(CART_KEY) ?? '[]');
    return Array.isArray(saved) ? saved : [];
  } catch {
    return [];
  }
}

function addToCart(card) {
  const productId = Number(card.dataset.productId);
  const chosen = card.querySelector('select.variant')?.value;
  const variantId = Number(chosen || card.dataset.defaultVariantId);
  const line = lines.find((l) => l.productId === productId && l.variantId === variantId);
  if (line) line.quantity += 1;
  else lines.push({ productId, variantId, quantity: 1 });
  void saveCart();
}

async function saveCart() {
  localStorage.setItem(CART_KEY, JSON.stringify(lines));
  renderCart();
  if (lines.length === 0) {
    checkout.cartId = '';
    return;
  }
  // Carts live in the store: each change makes a fresh one (demo only; a real shop adds to its cart).
  const response = await fetch('/demo/cart', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items: lines }),
  });
  if (response.ok) checkout.cartId = (await response.json()).cartId;
}

function renderCart() {
  cartList.replaceChildren(
    ...lines.map((line) => {
      const card = document.querySelector(`.product[data-product-id="${line.productId}"]`);
      const variant = card?.querySelector(`select.variant option[value="${line.variantId}"]`);
      const item = document.createElement('li');
      item.dataset.name = `Cart: ${card?.dataset.name ?? line.productId}`;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = `${line.quantity} × ${card?.dataset.name ?? `Product ${line.productId}`}${variant ? ` (${variant.textContent})` : ''}`;
      // Each line's unit price for the shopper's group: the same element, added to the page later.
      const price = document.createElement('bc-group-price');
      price.setAttribute('product-id', String(line.productId));
      price.setAttribute('variant-id', String(line.variantId));
      price.textContent = card?.querySelector('bc-group-price')?.textContent ?? '';
      item.append(name, price);
      return item;
    }),
  );
  const count = lines.reduce((n, l) => n + l.quantity, 0);
  cartCount.textContent = String(count);
  cartEmpty.hidden = count > 0;
  cartClear.hidden = count === 0;
}

cartClear.addEventListener('click', () => {
  lines = [];
  void saveCart();
});

renderCart();
if (lines.length > 0) void saveCart();

// ---- Identity events ----
const log = document.getElementById('event-log');
const counts = document.getElementById('event-counts');
// New entries go below the others (prepending pushed every entry down: a layout shift per event), and the log
// follows them while the reader is at its end (scrolling is not a layout shift).
let logAtEnd = true;
log.addEventListener('scroll', () => (logAtEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4));

function summary(event) {
  switch (event.type) {
    case 'bc-customer-change':
      return event.status === 'signed-in'
        ? `signed-in: ${event.customer.email} (group ${event.customer.groupId ?? 'none'})`
        : event.status;
    case 'bc-price-change': {
      const name = event.target.closest?.('.product, li')?.dataset?.name ?? `product ${event.price.productId}`;
      return `${name}: ${event.text}`;
    }
    default:
      return `${event.code}: ${event.message}`;
  }
}

function record(event) {
  const counter = counts.querySelector(`[data-type="${event.type}"]`);
  counter.textContent = String(Number(counter.textContent) + 1);
  const entry = document.createElement('li');
  entry.className = event.type;
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString();
  const type = document.createElement('code');
  type.textContent = event.type;
  const text = document.createElement('span');
  // textContent: a customer's email is data, never markup.
  text.textContent = summary(event);
  entry.append(time, type, text);
  log.append(entry);
  while (log.children.length > MAX_LOG) log.firstElementChild.remove();
  if (logAtEnd) log.scrollTop = log.scrollHeight;
}

for (const type of ['bc-customer-change', 'bc-price-change', 'bc-error']) document.addEventListener(type, record);

// ---- Headless sign-in (the page on another origin): <bc-sign-in> signs in through the backend; this button signs
// out through it with the browser core's signOut(), from the same bundle the page loaded. ----
const headless = document.getElementById('headless');
if (headless) {
  // A shopper signed in on this page has the backend session's hint (a non-secret expiry) in localStorage.
  const signedInHere = () =>
    Object.keys(localStorage).some((key) => key.startsWith('bc-customer-elements:backend-session:'));
  const show = (status) => (headless.dataset.state = status === 'signed-in' && signedInHere() ? 'in' : 'out');
  document.addEventListener('bc-customer-change', (event) => show(event.status));
  addEventListener('storage', () => show(document.querySelector('bc-current-customer')?.status));
  document.getElementById('headless-sign-out').addEventListener('click', async () => {
    const bundle = document.querySelector('script[src$="/bc-customer-elements.min.js"]').src;
    const { signOut } = await import(bundle);
    await signOut();
  });
}
