// `npm run lint`: ESLint (eslint.config.mjs) over the whole repository, then Prettier's check (.prettierrc.json).
// Both run even when the first fails, so one pass shows everything; the exit code is non-zero when either is unclean.
// `npm run format` rewrites what Prettier would change; `npx eslint --fix .` applies ESLint's own fixes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const bin = (name) => join('node_modules', '.bin', name);
const steps = [
  ['eslint', [bin('eslint'), '--max-warnings', '0', '.']],
  ['prettier', [bin('prettier'), '--check', '--log-level', 'warn', '.']],
];
let failed = 0;
for (const [name, [command, ...args]] of steps) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  const ok = result.status === 0;
  if (!ok) failed += 1;
  console.log(`${name}: ${ok ? 'clean' : 'unclean'}`);
}
process.exit(failed > 0 ? 1 : 0);
