// A server component: its HTML is prerendered at `next build` (Cache Components), the client component inside is
// hydrated in the browser. The backend is this app's own route, app/api/bc/[...path]/route.ts (the example's file,
// copied in by the test as docs/deploying.md tells a user to): same origin, no allowedOrigins entry.
import { Shop } from './shop';

const PRODUCTS = [77, 78, 79, 81, 82, 83];

export default function Home() {
  return (
    <main>
      <h1>Shop</h1>
      <Shop appClientId={process.env.BC_CLIENT_ID ?? ''} products={PRODUCTS} />
    </main>
  );
}
