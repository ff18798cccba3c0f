import { expect, test } from 'vitest';
import { EscapeAction, escapeAction } from './escapeKey.ts';

const press = { key: 'Escape', repeat: false, defaultPrevented: false };

test.each([
  {
    name: 'a player, or a spectator on a free camera, leaves',
    key: press,
    following: false,
    action: EscapeAction.Leave,
  },
  { name: 'a spectator following a player lets it go', key: press, following: true, action: EscapeAction.Unfollow },
  {
    name: "a held Escape's auto-repeat does nothing",
    key: { ...press, repeat: true },
    following: false,
    action: EscapeAction.Nothing,
  },
  {
    name: 'an Escape the chat used to close does nothing',
    key: { ...press, defaultPrevented: true },
    following: true,
    action: EscapeAction.Nothing,
  },
  { name: 'another key does nothing', key: { ...press, key: 'Enter' }, following: false, action: EscapeAction.Nothing },
])('$name', ({ key, following, action }) => {
  expect(escapeAction(key, following)).toBe(action);
});
