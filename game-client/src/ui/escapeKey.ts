/** What an Escape pressed during a match does. */
export const EscapeAction = { Nothing: 'nothing', Unfollow: 'unfollow', Leave: 'leave' } as const;
export type EscapeAction = (typeof EscapeAction)[keyof typeof EscapeAction];

/**
 * What an Escape keydown does in a match. Nothing when something on top already used it (the chat
 * input closing on it calls preventDefault) or when it is a held key's auto-repeat: Escape held a
 * moment to close the chat repeated on the page and left the match. A spectator following a player
 * lets it go first, back to the free camera; otherwise the match is left (the back button and a spectator's Leave button also do).
 */
export function escapeAction(
  key: Pick<KeyboardEvent, 'key' | 'repeat' | 'defaultPrevented'>,
  following: boolean,
): EscapeAction {
  if (key.key !== 'Escape' || key.repeat || key.defaultPrevented) return EscapeAction.Nothing;
  return following ? EscapeAction.Unfollow : EscapeAction.Leave;
}
