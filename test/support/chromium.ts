/**
 * Debian's Chromium as every browser suite, the e2e tests and the benches launch it. Running as root needs
 * --no-sandbox; the network here is closed, so the background-networking flags keep Chromium from spending its
 * time on refused connections. CHROMIUM_PATH points at another build.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
