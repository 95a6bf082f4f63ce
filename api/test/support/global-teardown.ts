
export default async function globalTeardown(): Promise<void> {
  await globalThis.__VANTAGE_PG__?.stop();
}
