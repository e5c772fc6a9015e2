/** Domain errors carry a stable code; the user-facing text lives in the locale files under errors.<code>. */
export type DomainErrorCode =
  | 'unknown_partner'
  | 'inactive_partner'
  | 'headquarters_id'
  | 'reseller_id'
  | 'csp_subscription'
  | 'syndication_tenant'
  | 'subscription_inactive'
  | 'not_authorized'
  | 'conflict'
  | 'not_found'
  | 'unknown_tenant'
  | 'unavailable'
  | 'same_partner'
  | 'no_partner'
  /** The bot's Entra app has no admin consent (or too few permissions) in the customer's tenant. */
  | 'directory_consent_required'
  /** Microsoft Graph could not be reached or kept failing (throttling, outage, timeout). */
  | 'directory_unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, string | number | undefined> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(e: unknown, code?: DomainErrorCode): e is DomainError {
  return e instanceof DomainError && (code === undefined || e.code === code);
}
