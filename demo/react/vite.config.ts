import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { packageSelfReference } from '../shared/vite-package.js';
import { publicDemoStoreModule } from '../shared/vite-public-store.js';

// Served by `npm start` at /react/; `bc-customer-elements` resolves through the package's own exports (dist/).
export default defineConfig({
  root: import.meta.dirname,
  base: '/react/',
  plugins: [packageSelfReference(), publicDemoStoreModule(), react()],
  build: { outDir: 'dist', emptyOutDir: true },
  logLevel: 'warn',
});
