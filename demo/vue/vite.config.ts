import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { packageSelfReference } from '../shared/vite-package.js';

// Served by `npm start` at /vue/. Tags starting with bc- are custom elements, not Vue components.
export default defineConfig({
  root: import.meta.dirname,
  base: '/vue/',
  plugins: [packageSelfReference(), vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('bc-') } } })],
  build: { outDir: 'dist', emptyOutDir: true },
  logLevel: 'warn',
});
