import { LEADERBOARD_SIZE } from '@orb-arena/shared';

/** One row of the live leaderboard, best first. */
export interface BoardRow {
  id: string;
  name: string;
  score: number;
  bot: boolean;
}

/** The own player's place when it is below the board's rows. */
export interface OwnPlace {
  rank: number;
  name: string;
  score: number;
}

/** Whose rows the board marks. */
export interface BoardMarks {
  /** The own player's id (a spectator's session id matches no row). */
  ownId: string;
  /** The own place, shown under the board when it is below LEADERBOARD_SIZE. */
  own: OwnPlace | undefined;
  /** The player a spectator's camera follows, null for none. */
  followId: string | null;
}

/** Sets an element's text only when it differs, so an unchanged row is not touched at all. */
function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * The HUD's live leaderboard (`<ol id="leaderboard">`). Each player on the board keeps one `<li>` for
 * as long as it stays there; an update changes only the text, classes and order that differ.
 * Rebuilding the list on every change (about twice a second) replaced the row under a spectator's
 * pointer between press and release, and the browser then fires no click: 2 picks in 10 were lost.
 */
export class LiveLeaderboard {
  private readonly rows = new Map<string, HTMLLIElement>();
  private readonly ownRank = document.createElement('li');
  private pick: ((id: string) => void) | null = null;

  constructor(private readonly list: HTMLOListElement) {
    this.ownRank.className = 'own-rank me';
    // Picks on the press, not the click: even a kept row can move (two leaders passing each other)
    // while the button is held, and a click needs the same row under the press and the release.
    this.list.addEventListener('pointerdown', (event) => {
      if (event.button === 0) this.pickAt(event.target);
    });
    // A click with no pointer behind it (a screen reader activating the name) picks too; after a
    // press it picks the same player again, which changes nothing.
    this.list.addEventListener('click', (event) => this.pickAt(event.target));
    // From the keyboard: Tab to a name, Space picks it (Enter always opens the chat, see Chat).
    this.list.addEventListener('keydown', (event) => {
      if (event.key !== ' ' || !this.pick) return;
      event.preventDefault();
      this.pickAt(event.target);
    });
  }

  /**
   * Called with a player's id when a name is picked (a spectator follows it); null makes the names
   * plain text again.
   */
  onPick(pick: ((id: string) => void) | null): void {
    this.pick = pick;
    this.list.classList.toggle('pickable', pick !== null);
    for (const row of this.rows.values()) this.makePickable(row);
  }

  /**
   * Shows `entries` (best first), marking the own player's row and the row of the player a spectator
   * follows, and the own place below them when it is off the board.
   */
  render(entries: readonly BoardRow[], marks: BoardMarks): void {
    this.dropRowsNotIn(entries);
    entries.forEach((entry, index) => {
      const row = this.rowFor(entry, marks.ownId);
      row.classList.toggle('followed', entry.id === marks.followId);
      const there = this.list.children[index];
      if (there !== row) this.list.insertBefore(row, there ?? null);
    });
    this.renderOwnRank(marks.own);
  }

  private pickAt(target: EventTarget | null): void {
    const id = target instanceof Element ? target.closest<HTMLElement>('[data-id]')?.dataset.id : undefined;
    if (id && this.pick) this.pick(id);
  }

  /** The row of `entry`'s player, created on its first appearance, with its text and classes up to date. */
  private rowFor(entry: BoardRow, ownId: string): HTMLLIElement {
    let row = this.rows.get(entry.id);
    if (!row) {
      row = document.createElement('li');
      row.dataset.id = entry.id;
      this.makePickable(row);
      this.rows.set(entry.id, row);
    }
    setText(row, `${entry.name}${entry.bot ? ' [bot]' : ''} — ${entry.score}`);
    row.classList.toggle('me', entry.id === ownId);
    row.classList.toggle('bot', entry.bot);
    return row;
  }

  /** While names can be picked, a row is a button the keyboard reaches; otherwise plain text. */
  private makePickable(row: HTMLLIElement): void {
    if (this.pick) {
      row.tabIndex = 0;
      row.setAttribute('role', 'button');
    } else {
      row.removeAttribute('tabindex');
      row.removeAttribute('role');
    }
  }

  private dropRowsNotIn(entries: readonly BoardRow[]): void {
    const kept = new Set(entries.map((entry) => entry.id));
    for (const [id, row] of this.rows) {
      if (kept.has(id)) continue;
      row.remove();
      this.rows.delete(id);
    }
  }

  /** Below the board, the own place when it is not among the top LEADERBOARD_SIZE. */
  private renderOwnRank(own: OwnPlace | undefined): void {
    if (!own || own.rank <= LEADERBOARD_SIZE) {
      this.ownRank.remove();
      return;
    }
    setText(this.ownRank, `#${own.rank} ${own.name} — ${own.score}`);
    if (this.list.lastElementChild !== this.ownRank) this.list.append(this.ownRank);
  }
}
