// Module shapes the root type check needs for the framework demos' entry files (Vite handles these at build time).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
declare module '*.css';
// Resolved from dist/ once `npm run build` has run; the type check runs before the build.
declare module 'bc-customer-elements/define';
// The seed's public data, made at build time by demo/shared/vite-public-store.ts.
declare module 'virtual:bc-demo-store' {
  const store: import('../src/local-site/demo-catalog.js').PublicDemoStore;
  export default store;
}
