/** Reading numbers from environment variables, for `serveOptionsFromEnv` and the CLI's commands. */

/**
 * The whole number in `env[name]`, or `fallback` when it is unset or blank. Throws an `Error` naming the variable
 * when it is anything else, or over `max`.
 */
export function integerEnv(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)))
    throw new Error(`${name} must be a whole number (got "${raw}").`);
  if (Number(raw) > max) throw new Error(`${name} must be at most ${max} (got "${raw}").`);
  return Number(raw);
}

/** `PORT` (or another variable): a port number 0–65535 (0 picks a free one), `fallback` when unset. */
export function portEnv(env: Record<string, string | undefined>, fallback: number, name = 'PORT'): number {
  return integerEnv(env, name, fallback, 65_535);
}
