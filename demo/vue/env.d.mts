// Types the bc-* tags in Vue templates (GlobalComponents) for vue-tsc, as README's "In React, Vue, Svelte and server
// rendering" tells an app to. A .d.mts so that only demo/vue/tsconfig.json reads it: the root type check (demo/**/*.ts)
// runs before `npm run build`, when the package's types in dist/ are not there yet.
import 'bc-customer-elements/vue';
