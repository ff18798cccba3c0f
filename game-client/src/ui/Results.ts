import { ARENA_ROOM } from '@orb-arena/shared';
import { element } from './dom.ts';
import type { MatchSummary } from './Play.ts';
import type { Router, Screen } from './Router.ts';

/**
 * After a match: why the player left it and the last round's standings, with the ways on (play
 * again, lobby, menu). Kept small on purpose: richer end-of-match screens extend this class.
 */
export class Results implements Screen<{ screen: 'results' }> {
  readonly needsName = false;
  private readonly root = element('summary');
  private readonly reason = element('summary-reason');
  private readonly standings = element<HTMLOListElement>('summary-standings');
  private summary: MatchSummary | null = null;

  constructor(private readonly router: Router) {
    element('summary-again').addEventListener('click', () => void this.router.go({ screen: 'play', mode: ARENA_ROOM }));
    element('summary-lobby').addEventListener('click', () => void this.router.go({ screen: 'lobby' }));
    element('summary-menu').addEventListener('click', () => void this.router.go({ screen: 'menu' }));
  }

  /** Records the match just left; the next `enter` shows it. */
  remember(summary: MatchSummary | null): void {
    this.summary = summary;
  }

  enter(_route: { screen: 'results' }, message = ''): void {
    this.reason.textContent = message || (this.summary ? 'You left the match.' : 'No match to show.');
    const standings = this.summary?.results?.standings ?? [];
    this.standings.replaceChildren(
      ...standings.map((entry) => {
        const item = document.createElement('li');
        item.textContent = `${entry.name} — ${entry.score}`;
        if (entry.id === this.summary?.sessionId) item.className = 'me';
        return item;
      }),
    );
    this.root.hidden = false;
  }

  leave(): void {
    this.root.hidden = true;
  }
}
