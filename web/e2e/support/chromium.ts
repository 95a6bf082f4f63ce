import { existsSync } from 'node:fs';

/**
 * Flags every Chromium needs on this closed network: without the background-networking,
 * component-update and sync switches it waits on Google services that never answer and hangs.
 */
export const REQUIRED_CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * @sparticuz/chromium targets one-shot serverless scrapers. Some of its flags do not fit a test run:
 * - it switches off the same-origin policy and mixed-content blocking (the journeys check cookie and
 *   same-origin behaviour, so the browser keeps its normal security model);
 * - `--single-process` makes the whole browser exit when the first test's context closes, failing
 *   every later test;
 * - it emulates a GPU on the CPU (SwiftShader through ANGLE, in the browser process) so that WebGL
 *   works without one. The app draws nothing with WebGL, and with `--disable-gpu` Chromium's software
 *   compositor paints the same pages for about half the journeys' CPU (measured on this machine);
 * - `--no-zygote` starts every renderer from nothing instead of forking it from a warmed-up zygote
 *   process: each new page paid for it, twice the CPU of four journeys (79 against 39 CPU seconds).
 */
const UNWANTED_PACKAGE_FLAGS = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--single-process',
  '--use-gl',
  '--use-angle',
  '--enable-unsafe-swiftshader',
  '--in-process-gpu',
  '--ignore-gpu-blocklist',
  '--no-zygote',
]);

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export interface ChromiumLaunch {
  executablePath: string;
  args: string[];
  /** Where the binary came from, for the log line. */
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

const flagName = (flag: string) => flag.split('=')[0];

/** Package flags first; a required flag is added only when the package did not set that switch. */
function mergeFlags(packageFlags: string[], requiredFlags: string[]): string[] {
  const kept = packageFlags.filter((flag) => !UNWANTED_PACKAGE_FLAGS.has(flagName(flag)));
  const present = new Set(kept.map(flagName));
  return [...kept, ...requiredFlags.filter((flag) => !present.has(flagName(flag)))];
}

/**
 * Finds a Chromium for Playwright without downloading anything: `CHROMIUM_PATH`, then the
 * system package, then the binary shipped inside the @sparticuz/chromium npm package (so
 * `npm test` works on a machine with nothing but Node and npm).
 */
export async function resolveChromium(): Promise<ChromiumLaunch> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH points to ${fromEnv}, which does not exist.`);
    return { executablePath: fromEnv, args: REQUIRED_CHROMIUM_FLAGS, source: 'CHROMIUM_PATH' };
  }
  if (existsSync(SYSTEM_CHROMIUM)) {
    return { executablePath: SYSTEM_CHROMIUM, args: REQUIRED_CHROMIUM_FLAGS, source: 'system' };
  }
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return {
    executablePath: await sparticuz.executablePath(),
    args: mergeFlags(sparticuz.args, REQUIRED_CHROMIUM_FLAGS),
    source: '@sparticuz/chromium',
  };
}
