// Types the bc-* tags in Svelte markup (SvelteHTMLElements) for svelte-check, as README's "In React, Vue, Svelte and
// server rendering" tells an app to. A .d.mts so that only demo/svelte/tsconfig.json reads it: the root type check
// (demo/**/*.ts) runs before `npm run build`, when the package's types in dist/ are not there yet.
import 'bc-customer-elements/svelte';
