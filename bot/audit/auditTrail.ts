/** One change attempt, written before and after the billing call so nothing is silently lost. */
export interface AuditEntry {
  at: string;
  tenantId: string;
  actorId: string;
  actorName: string;
  action: 'set_partner' | 'remove_partner' | 'blocked' | 'refused';
  subscriptionId?: string;
  subscriptionName?: string;
  oldPartnerId?: string | null;
  newPartnerId?: string | null;
  outcome: 'requested' | 'applied' | 'already_applied' | 'refused' | 'failed' | 'conflict';
  reason?: string;
  changeId?: string;
}

/** Append-only: no update or delete exists on this port. */
export interface AuditTrail {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  recent(tenantId: string, limit?: number): Promise<AuditEntry[]>;
}
