/** Shapes of support access the customer controls (SPEC §10): access requests and what support did. */
import type { ImpersonationMode, PersonRef } from './api-types.js';

/**
 * `expired`: approved and its window is over, or never answered within ACCESS_REQUEST_PENDING_DAYS.
 * Computed when read; stored states are the other four.
 */
export type AccessRequestStatus = 'pending' | 'approved' | 'denied' | 'revoked' | 'expired';

export interface AccessRequest {
  id: string;
  admin: PersonRef;
  user: { id: string; name: string };
  team: { id: string; name: string };
  reason: string;
  mode: ImpersonationMode;
  /** Asked for when requested; what was granted once approved. */
  durationMinutes: number;
  status: AccessRequestStatus;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: { id: string; name: string } | null;
  /** The end of the approved window; null until approved. */
  expiresAt: string | null;
}

export interface AccessRequestList {
  items: AccessRequest[];
}

/** One request support made during a session. `status` is null while (or if never) answered. */
export interface SupportAction {
  at: string;
  method: string;
  path: string;
  status: number | null;
}

export interface SupportActionList {
  items: SupportAction[];
}
