import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { packageSelfReference } from '../shared/vite-package.js';
import { publicDemoStoreModule } from '../shared/vite-public-store.js';

// Served by `npm start` at /svelte/.
export default defineConfig({
  root: import.meta.dirname,
  base: '/svelte/',
  plugins: [packageSelfReference(), publicDemoStoreModule(), svelte()],
  build: { outDir: 'dist', emptyOutDir: true },
  logLevel: 'warn',
});
