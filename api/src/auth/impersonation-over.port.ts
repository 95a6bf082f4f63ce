/**
 * The auth core sees that an impersonation is over (its time ran out, or its rules stopped holding)
 * on the request that finds it, but the impersonation feature owns the record. The feature provides
 * this (ImpersonationEndings), and the global guard calls it to close the record and audit why.
 * An abstract class, so it is both the type and Nest's injection token.
 */
export abstract class ImpersonationOverHandler {
  abstract closeFoundOver(impersonationId: string): Promise<void>;
}
