import { Room } from '@colyseus/core';

/** Message types each room instance registered, whether through `messages = {...}` or `onMessage()`. */
const registered = new WeakMap<object, Set<string>>();
let installed = false;

/**
 * Records every message type a room registers, so the wire guard can let through exactly the types
 * the room handles (Colyseus keeps its own registry private). Colyseus turns `messages = {...}` into
 * `onMessage()` calls, and rooms such as the built-in LobbyRoom call it directly, so wrapping
 * `Room.prototype.onMessage` once sees them all. The catch-all "*" is not a type.
 */
export function recordMessageTypes(): void {
  if (installed) return;
  installed = true;
  // Unbound on purpose: it is called with each room as `this` below.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const onMessage = Room.prototype.onMessage as (this: Room, type: unknown, ...rest: unknown[]) => unknown;
  (Room.prototype as { onMessage: typeof onMessage }).onMessage = function (
    this: Room,
    type: unknown,
    ...rest: unknown[]
  ) {
    if (type !== '*') {
      let types = registered.get(this);
      if (!types) registered.set(this, (types = new Set()));
      types.add(String(type));
    }
    return onMessage.call(this, type, ...rest);
  };
}

/** The message types `room` registered (empty for a room that registered none). */
export function messageTypesOf(room: object): ReadonlySet<string> {
  return registered.get(room) ?? new Set();
}
