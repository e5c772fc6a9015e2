/**
 * What the bot sends: a text or an Adaptive Card. Below flows, messaging and the host, which all
 * pass replies along (so none of them imports another for it).
 */
export type AdaptiveCard = { type: 'AdaptiveCard'; version: string; [key: string]: unknown };

export type Reply = { kind: 'text'; text: string } | { kind: 'card'; card: AdaptiveCard };
