/**
 * Teams refuses a card over about 28 KB (DOMAIN.md §7), and a tenant can have hundreds of
 * subscriptions: every list on a card shows at most this many rows and says how many it left out.
 * Sized so that each card stays under 24 KB with long names in every language, whatever the tenant size (test/cards/cardSize.test.ts).
 */
export const ROW_BUDGET = {
  /** Partners card: one page of subscriptions; "Show more subscriptions" turns the page. */
  partnersPage: 25,
  relationships: 20,
  confirmRows: 30,
  resultRows: 30,
  /** The form's subscription choices; a submission carries at most 100 ids anyway (actionData.ts). */
  formChoices: 100,
  unavailable: 20,
} as const;

export function firstRows<T>(rows: readonly T[], max: number): { shown: T[]; hidden: number } {
  return { shown: rows.slice(0, max), hidden: Math.max(0, rows.length - max) };
}
