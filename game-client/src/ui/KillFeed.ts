import { describeKill, type KillEvent } from '@orb-arena/shared';

/** Lines kept on screen at once. */
const MAX_LINES = 4;
/** How long a line stays, ms. */
const LINE_MS = 5000;

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
