/**
 * A throwaway self-signed certificate for test servers on real host names (`*.example.test`, `*.other.test`), made
 * with Debian's `openssl` at test time so no key is ever committed. Browsers accept it with
 * `--ignore-certificate-errors`; Node clients with `rejectUnauthorized: false` or `NODE_TLS_REJECT_UNAUTHORIZED=0`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
}

/** A P-256 certificate valid for two days for the given DNS names (wildcards allowed). */
export function selfSignedCertificate(names: readonly string[] = ['*.example.test', '*.other.test']): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'bc-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${names[0]}`,
        '-addext',
        `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
