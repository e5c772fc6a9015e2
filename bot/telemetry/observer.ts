/** Span and metric attribute values: ids, codes and counts, never text a user typed. */
export type Attributes = Record<string, string | number | boolean | undefined>;

/**
 * What the domain tells operators about the turn it is running: the understood intent, the decision,
 * the flow, the outcome. The host records them on the turn's span and metrics; with telemetry off they
 * go nowhere. No OpenTelemetry types here: the domain stays free of any SDK.
 */
export interface TurnObserver {
  note(attributes: Attributes): void;
}

export const unobserved: TurnObserver = { note() {} };
