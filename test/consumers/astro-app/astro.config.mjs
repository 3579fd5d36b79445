// An Astro 5 site as `npm create astro` makes it (no integration): `astro check` type-checks src/.
import { defineConfig } from 'astro/config';

export default defineConfig({});
