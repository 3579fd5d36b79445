// As create-next-app 16 writes it, with Cache Components on (its default), plus the storefront: the emulated store
// answers /customer/current.jwt and sign-in under the page's own origin, as a shop's storefront does for a page on
// its domain. BC_STOREFRONT_URL is read when `next build` runs (test/e2e/next.test.ts sets it).
import type { NextConfig } from 'next';

const storefront = process.env.BC_STOREFRONT_URL;

const nextConfig: NextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
  async rewrites() {
    if (!storefront) return [];
    return ['/customer/current.jwt', '/__emulator/:path*'].map((source) => ({
      source,
      destination: `${storefront}${source}`,
    }));
  },
};

export default nextConfig;
