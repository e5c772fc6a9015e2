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
  | 'no_partner';

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
