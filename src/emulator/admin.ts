/**
 * `/__emulator/…`: control routes for tests and demos (not part of BigCommerce). Unauthenticated by design: the
 * emulator is a local test double and must never face the internet.
 *
 *   GET    /__emulator/state            app credentials, store, customers (with passwords), calls, faults, clock
 *   GET    /__emulator/faults           the faults set, by route
 *   POST   /__emulator/faults           {route, fault} sets one fault
 *   DELETE /__emulator/faults           clears every fault
 *   GET    /__emulator/clock            {now}
 *   POST   /__emulator/clock            {now} sets the clock (ms), or {advance} moves it
 *   POST   /__emulator/reset            forgets sessions, carts, tokens, faults, calls, rate window (not the clock)
 *   POST   /__emulator/sign-in          {email} or {customer_id}: signs this browser in (sets the session cookie)
 *   POST   /__emulator/sign-out         signs this browser out
 *   GET    /__emulator/calls            {total, by_route}
 *   DELETE /__emulator/calls            resets the counts
 */
import type { EmulatorContext } from './context.js';
import { isObject, isPositiveInt, json, readText } from './http.js';
import type { Emulator } from './types.js';
import { ROUTE_NAMES } from './types.js';

function badRequest(message: string): Response {
  return json({ error: message }, 400);
}

async function body(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse((await readText(request)) ?? '');
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function callCounts(emulator: Pick<Emulator, 'calls'>) {
  return {
    total: emulator.calls.count(),
    by_route: Object.fromEntries(ROUTE_NAMES.map((name) => [name, emulator.calls.count(name)])),
  };
}

export async function admin(
  ctx: EmulatorContext,
  emulator: Emulator,
  listFaults: () => Record<string, unknown>,
  request: Request,
): Promise<Response> {
  const path = new URL(request.url).pathname.slice('/__emulator'.length);
  const route = `${request.method} ${path}`;
  const noStore = (response: Response) => {
    response.headers.set('cache-control', 'no-store');
    return response;
  };
  switch (route) {
    case 'GET /state':
      return noStore(
        json({
          app: emulator.app,
          store: ctx.catalog.seed.store,
          customer_groups: ctx.catalog.seed.customer_groups,
          customers: ctx.catalog.seed.customers,
          calls: callCounts(emulator),
          faults: listFaults(),
          clock: { now: emulator.clock.now() },
        }),
      );
    case 'GET /faults':
      return noStore(json(listFaults()));
    case 'POST /faults': {
      const input = await body(request);
      if (!input || typeof input.route !== 'string') return badRequest('Send {"route": name, "fault": {...}}');
      try {
        emulator.faults.set(input.route, input.fault as never);
      } catch (error) {
        return badRequest((error as Error).message);
      }
      return noStore(json(listFaults()));
    }
    case 'DELETE /faults':
      emulator.faults.clear();
      return noStore(json({}));
    case 'GET /clock':
      return noStore(json({ now: emulator.clock.now() }));
    case 'POST /clock': {
      const input = await body(request);
      if (input && typeof input.now === 'number' && Number.isFinite(input.now)) emulator.clock.set(input.now);
      else if (input && typeof input.advance === 'number' && Number.isFinite(input.advance))
        emulator.clock.advance(input.advance);
      else return badRequest('Send {"now": ms} or {"advance": ms}');
      return noStore(json({ now: emulator.clock.now() }));
    }
    case 'POST /reset':
      emulator.reset();
      return noStore(json({ now: emulator.clock.now() }));
    case 'POST /sign-in': {
      const input = await body(request);
      const customer =
        typeof input?.email === 'string'
          ? ctx.catalog.customerByEmail(input.email)
          : isPositiveInt(input?.customer_id)
            ? ctx.catalog.customer(input.customer_id)
            : undefined;
      if (!customer) return badRequest('Send {"email"} or {"customer_id"} of a seeded customer');
      const { cookie } = ctx.sessions.start(request, customer.id);
      return noStore(json({ customer: { id: customer.id, email: customer.email } }, 200, { 'set-cookie': cookie }));
    }
    case 'POST /sign-out':
      return noStore(json({}, 200, { 'set-cookie': ctx.sessions.end(request) }));
    case 'GET /calls':
      return noStore(json(callCounts(emulator)));
    case 'DELETE /calls':
      emulator.calls.reset();
      return noStore(json(callCounts(emulator)));
    default:
      return json({ error: 'Unknown emulator admin route' }, 404);
  }
}
