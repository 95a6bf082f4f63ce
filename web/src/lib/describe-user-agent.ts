/**
 * A browser's User-Agent string in plain words ("Chrome on Linux", "Safari on iPhone"), for lists of
 * sign-ins and audit entries. Only the common browsers and systems are named; anything else keeps its
 * first product token ("curl") so people still recognise scripts and tools. The raw string stays
 * available next to it wherever it is shown: this is a guess, not a fact.
 */

const BROWSERS: [RegExp, string][] = [
  // Order matters: Edge, Opera and Samsung Internet also say "Chrome", and Chrome also says "Safari".
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  // Automated Chrome (test runners, scrapers) says so: worth seeing when it is signed in to your account.
  [/\bHeadlessChrome\//, 'Headless Chrome'],
  [/\b(Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

export const UNKNOWN_DEVICE = 'Unknown device';

function firstMatch(value: string, table: [RegExp, string][]): string | null {
  return table.find(([pattern]) => pattern.test(value))?.[1] ?? null;
}

export function describeUserAgent(userAgent: string | null | undefined): string {
  const value = userAgent?.trim() ?? '';
  if (!value) return UNKNOWN_DEVICE;
  const browser = firstMatch(value, BROWSERS);
  const system = firstMatch(value, SYSTEMS);
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `A browser on ${system}`;
  // "curl/8.5.0", "PostmanRuntime/7.36" → "curl", "PostmanRuntime".
  // Every browser starts with "Mozilla/5.0", which says nothing.
  const product = /^([A-Za-z][\w.-]{0,40})\//.exec(value)?.[1];
  return product && product !== 'Mozilla' ? product : UNKNOWN_DEVICE;
}
