import { CHAT_MAX_LENGTH, describeFeedEvent, type ChatLine, type ChatRefused, type FeedEvent } from '@orb-arena/shared';
import type { ChatLink } from '../net/ChatLink.ts';

/** Lines kept in the panel; older ones scroll away for good. */
const MAX_LINES = 60;
const HIDDEN_KEY = 'orb-arena:chat-hidden';
/**
 * Screens where the open panel would cover a fifth of the field (the phone layouts in style.css):
 * there it starts hidden, its button counting unread lines, until the player opens it.
 */
const SMALL_SCREEN = '(orientation: portrait) and (max-width: 700px), (orientation: landscape) and (max-height: 500px)';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`missing #${id} in index.html`);
  return found as T;
}

/**
 * The chat panel: the room's chat lines and event feed in one log, an input line, and a button that
 * hides it (the player's choice is remembered across visits; a phone starts with it hidden). Everything is written with textContent, never as HTML, so a
 * player's text can't inject markup. Enter opens the input; Escape leaves it; keys typed there never
 * reach the game.
 */
export class Chat {
  private readonly root = element('chat');
  private readonly log = element<HTMLOListElement>('chat-log');
  private readonly form = element<HTMLFormElement>('chat-form');
  private readonly input = element<HTMLInputElement>('chat-input');
  private readonly toggle = element<HTMLButtonElement>('chat-toggle');
  private link: ChatLink | null = null;
  /** Chat lines that arrived while the panel was hidden. */
  private unread = 0;

  constructor() {
    this.input.maxLength = CHAT_MAX_LENGTH;
    const remembered = localStorage.getItem(HIDDEN_KEY);
    this.setCollapsed(remembered === null ? window.matchMedia(SMALL_SCREEN).matches : remembered === '1');
    this.toggle.addEventListener('click', () => {
      this.setCollapsed(!this.collapsed);
      localStorage.setItem(HIDDEN_KEY, this.collapsed ? '1' : '0');
    });
    // Phaser listens for keys on window: stop them here so typing "wasd" doesn't steer.
    this.input.addEventListener('keydown', (event) => {
      event.stopPropagation();
      if (event.key !== 'Escape') return;
      // Used up: whatever else listens for Escape (Play leaves the match on it) must let it be.
      event.preventDefault();
      this.input.blur();
    });
    this.input.addEventListener('keyup', (event) => event.stopPropagation());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    // Captured before anything else sees it: an Enter meant for the chat must not also press whatever
    // button still has the focus (the menu's Play button, say).
    window.addEventListener(
      'keydown',
      (event) => {
        if (event.key !== 'Enter' || this.root.hidden || document.activeElement === this.input) return;
        event.preventDefault();
        if (this.collapsed) this.setCollapsed(false);
        this.input.focus();
      },
      true,
    );
  }

  /** Shows the panel for a new room; `link` sends what the player types. */
  attach(link: ChatLink): void {
    this.link = link;
    this.log.replaceChildren();
    this.unread = 0;
    this.labelToggle();
    this.root.hidden = false;
  }

  detach(): void {
    this.link = null;
    this.root.hidden = true;
  }

  /** Adds a chat line: "name: text" (spectators marked). */
  addLine(line: ChatLine): void {
    const from = document.createElement('span');
    from.className = 'from';
    from.textContent = line.spectator ? `${line.from} (watching)` : line.from;
    const item = document.createElement('li');
    item.append(from, document.createTextNode(`: ${line.text}`));
    this.append(item);
    if (this.collapsed) {
      this.unread += 1;
      this.labelToggle();
    }
  }

  /** Adds an event of the room's feed, worded for the reader `ownId` (a session id): "You ate X". */
  addFeed(event: FeedEvent, ownId: string): void {
    this.addNotice(describeFeedEvent(event, ownId), `feed ${event.kind}`);
  }

  /** Tells the player a line was not delivered. */
  addRefused(refused: ChatRefused): void {
    this.addNotice(`Slow down: you can chat again in ${Math.ceil(refused.retryInMs / 1000)} s`, 'notice');
  }

  private addNotice(text: string, className: string): void {
    const item = document.createElement('li');
    item.className = className;
    item.textContent = text;
    this.append(item);
  }

  private append(item: HTMLLIElement): void {
    this.log.append(item);
    while (this.log.childElementCount > MAX_LINES) this.log.firstElementChild?.remove();
    this.log.scrollTop = this.log.scrollHeight;
  }

  private submit(): void {
    const text = this.input.value;
    if (text.trim() === '' || !this.link) {
      this.input.blur();
      return;
    }
    const problem = this.link.send(text);
    if (problem) {
      this.addNotice(problem, 'notice');
      return;
    }
    this.input.value = '';
    this.input.blur();
  }

  private get collapsed(): boolean {
    return this.root.classList.contains('collapsed');
  }

  private setCollapsed(collapsed: boolean): void {
    this.root.classList.toggle('collapsed', collapsed);
    if (!collapsed) {
      this.unread = 0;
      // A hidden log has no layout, so the lines that came meanwhile did not scroll it: show the newest.
      this.log.scrollTop = this.log.scrollHeight;
    }
    this.labelToggle();
  }

  private labelToggle(): void {
    if (!this.collapsed) this.toggle.textContent = 'Hide chat';
    else this.toggle.textContent = this.unread > 0 ? `Show chat (${this.unread})` : 'Show chat';
  }
}
