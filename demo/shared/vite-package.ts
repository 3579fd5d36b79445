import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/**
 * Resolves `bc-customer-elements` and its subpaths (`/define`) from this repository the way an app that installed
 * the package would: through package.json `exports` (to dist/, built by `npm run build`), not the script-tag bundle.
 */
export function packageSelfReference(): Plugin {
  const require = createRequire(new URL('../../package.json', import.meta.url));
  return {
    name: 'bc-customer-elements-self-reference',
    enforce: 'pre',
    resolveId(id) {
      return id === 'bc-customer-elements' || id.startsWith('bc-customer-elements/') ? require.resolve(id) : null;
    },
  };
}
