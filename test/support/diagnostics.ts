/**
 * Reads a developer-facing message as a merchant would: the script-tag bundles give `bc-customer-elements #N [args]
 * <docs address>` (scripts/diagnostics.mjs), and docs/diagnostics.md's row N, with the arguments put in, is the full
 * message. A message that is not numbered (the library build, a backend's own words) is returned as it is.
 */
import { readFileSync } from 'node:fs';

const NUMBERED = /^bc-customer-elements #(\d+)(?: (\[.*\]))? (\S+diagnostics\.md)$/s;

function table(): Map<number, string> {
  const rows = new Map<number, string>();
  for (const line of readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8').split('\n')) {
    const row = /^\| (\d+) \| `[^`]+` \| `(.*)` \| [^|]+ \|$/.exec(line);
    if (row?.[1] && row[2] !== undefined) rows.set(Number(row[1]), row[2]);
  }
  return rows;
}

/** The full message `message` stands for; throws when its number is not in the table (docs and bundle disagree). */
export function fullMessage(message: string): string {
  const numbered = NUMBERED.exec(message);
  if (!numbered) return message;
  const text = table().get(Number(numbered[1]));
  if (text === undefined) throw new Error(`docs/diagnostics.md has no row ${numbered[1]} (message: ${message})`);
  const args = numbered[2] ? (JSON.parse(numbered[2]) as string[]) : [];
  return text.replace(/\{\{|\}\}|\{(\d+)\}/g, (brace, n: string | undefined) =>
    n === undefined ? brace[0]! : (args[Number(n)] ?? brace),
  );
}
