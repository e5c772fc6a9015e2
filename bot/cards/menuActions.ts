import type { Turn } from '../flows/turn';

export const MENU_VERBS = ['menu.view', 'menu.add', 'menu.change', 'menu.remove', 'menu.removeReseller', 'menu.purchase', 'menu.help'] as const;
export type MenuVerb = (typeof MENU_VERBS)[number];

/** Buttons that start a task; the same verbs whichever card they sit on. */
/** Buttons carry the card's language: a click answers in the language the card was shown in. */
export function menuActions(turn: Turn, verbs: readonly MenuVerb[]): { title: string; verb: MenuVerb; lang: string }[] {
  return verbs.map((verb) => ({ title: turn.t(`menu.${verb.slice('menu.'.length)}`), verb, lang: turn.language }));
}
