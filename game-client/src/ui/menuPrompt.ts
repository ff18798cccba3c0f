import type { Route } from './Router.ts';

/** What the menu says about where its main button leads. */
export interface MenuPrompt {
  /** The label of the main button (#play). */
  button: 'Play' | 'Join' | 'Watch';
  /** The line above the name field; null for none. */
  target: string | null;
  /** True to offer a link to the plain menu: the link leads to watching, and the player may want to play. */
  offerPlay: boolean;
}

/**
 * What the menu shows for `pending`, the screen it goes on to once a name is given (null: quick
 * play). A spectate link (`/?spectate=ID`) opened the ordinary menu with nothing saying that Play
 * would only watch (play-test): its button reads "Watch", and a line and a link say so.
 */
export function describeMenuPrompt(pending: Route | null): MenuPrompt {
  if (pending?.screen === 'spectate') {
    return { button: 'Watch', target: 'You are watching a match: you will join as a spectator.', offerPlay: true };
  }
  if (pending?.screen === 'play' && pending.room) {
    return { button: 'Join', target: `Joining room ${pending.room}`, offerPlay: false };
  }
  return { button: 'Play', target: null, offerPlay: false };
}
