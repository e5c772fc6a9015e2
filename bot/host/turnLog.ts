import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logging/logger';

/** The per-turn child logger (correlation id, activity id) travels with the turn in its state. */
export const TURN_LOG = Symbol('turnLog');

export function turnLog(context: TurnContext, fallback: Logger): Logger {
  return (context.turnState.get(TURN_LOG) as Logger | undefined) ?? fallback;
}
