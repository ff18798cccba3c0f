import type { FeedEvent } from '@orb-arena/shared';

/** A kill: the room feed's `ate` event. */
export type KillEvent = Extract<FeedEvent, { kind: 'ate' }>;

/** Lines kept on screen at once. */
const MAX_LINES = 4;
/** How long a line stays, ms. */
const LINE_MS = 5000;

/** The kill feed line as this player reads it: "You ate X", "X ate you" or "X ate Y". */
export function describeKill(kill: KillEvent, ownId: string): string {
  if (kill.eaterId === ownId) return `You ate ${kill.prey}`;
  if (kill.preyId === ownId) return `${kill.eater} ate you`;
  return `${kill.eater} ate ${kill.prey}`;
}

/** A small list of recent kills from the server's events, newest at the bottom, each gone after 5 s. */
export class KillFeed {
  private readonly root = document.createElement('ul');

  constructor(parent: HTMLElement) {
    this.root.id = 'killfeed';
    this.root.className = 'small';
    this.root.setAttribute('aria-live', 'polite');
    parent.append(this.root);
  }

  add(kill: KillEvent, ownId: string): void {
    const line = document.createElement('li');
    line.textContent = describeKill(kill, ownId);
    if (kill.eaterId === ownId) line.className = 'mine';
    if (kill.preyId === ownId) line.className = 'against';
    this.root.append(line);
    while (this.root.children.length > MAX_LINES) this.root.firstElementChild?.remove();
    setTimeout(() => line.remove(), LINE_MS);
  }

  clear(): void {
    this.root.replaceChildren();
  }
}
