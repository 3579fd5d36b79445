import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { packageSelfReference } from '../shared/vite-package.js';
import { publicDemoStoreModule } from '../shared/vite-public-store.js';

// Served by `npm start` at /vue/. Tags starting with bc- are custom elements, not Vue components.
export default defineConfig({
  root: import.meta.dirname,
  base: '/vue/',
  plugins: [
    packageSelfReference(),
    publicDemoStoreModule(),
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('bc-') } } }),
  ],
  build: { outDir: 'dist', emptyOutDir: true },
  logLevel: 'warn',
});
