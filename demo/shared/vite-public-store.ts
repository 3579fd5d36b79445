import type { Plugin } from 'vite';
import seed from '../../src/emulator/seed.json' with { type: 'json' };
import { publicDemoStore } from '../../src/local-site/demo-catalog.js';
import type { EmulatorSeed } from '../../src/emulator/types.js';

/** The module id the demos import the store's public data from. */
const ID = 'virtual:bc-demo-store';

/**
 * Serves `virtual:bc-demo-store`: the seed's public data (`publicDemoStore`), computed here at build time. The apps
 * never import seed.json itself, which Vite would inline whole, client secret, API tokens and passwords included.
 */
export function publicDemoStoreModule(): Plugin {
  return {
    name: 'bc-demo-public-store',
    resolveId: (id) => (id === ID ? `\0${ID}` : null),
    load: (id) =>
      id === `\0${ID}` ? `export default ${JSON.stringify(publicDemoStore(seed as EmulatorSeed))};` : null,
  };
}
