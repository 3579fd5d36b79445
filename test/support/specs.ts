/**
 * Where the BigCommerce spec files the contract tests read are: $BC_SPECS_DIR, by default ../shared/bigcommerce-specs
 * beside the repository. `npm run specs` (scripts/fetch-specs.mjs) puts the files listed in test/bigcommerce-specs.txt
 * there. A folder that is absent (or empty) skips the contract tests, with one line saying how to get it; under
 * `CI=true` its absence fails them instead, so a CI that lost the files cannot pass by skipping.
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SPECS_DIR = resolve(
  process.env.BC_SPECS_DIR || fileURLToPath(new URL('../../../shared/bigcommerce-specs/', import.meta.url)),
);

/** A file of the spec folder. */
export function specFile(name: string): string {
  return resolve(SPECS_DIR, name);
}

const absent = !existsSync(SPECS_DIR) || readdirSync(SPECS_DIR).length === 0;
const howToGet = `run \`npm run specs\` to download them, or set BC_SPECS_DIR to a copy`;

/** The `skip` option of a contract suite: the one line saying why and how to get the files, or `false`. */
export const specsSkip: string | false =
  absent && process.env.CI !== 'true' ? `no BigCommerce spec files in ${SPECS_DIR}: ${howToGet}` : false;

/** For a contract suite's `before`: throws when the folder is absent and the suite runs anyway (CI=true). */
export function requireSpecs(): void {
  if (absent) throw new Error(`CI=true and no BigCommerce spec files in ${SPECS_DIR}: ${howToGet}`);
}
