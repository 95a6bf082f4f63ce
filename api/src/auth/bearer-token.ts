import { ExtractJwt } from 'passport-jwt';

/** Where a request carries its access token: `Authorization: Bearer …` (the one parser; null when absent). */
export const bearerTokenOf: (request: { headers: Record<string, unknown> }) => string | null =
  ExtractJwt.fromAuthHeaderAsBearerToken() as never;
