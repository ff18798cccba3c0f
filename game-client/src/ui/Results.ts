import { element } from './dom.ts';
import type { MatchSummary } from './Play.ts';
import { describeResults, type ResultsView } from './resultsView.ts';
import type { Router, Screen } from './Router.ts';

/**
 * After a match: why the player left it and the last round's standings, with the ways on (play or
 * watch again, lobby, menu; see describeResults). Kept small on purpose: richer end-of-match screens
 * extend this class.
 */
export class Results implements Screen<{ screen: 'results' }> {
  readonly needsName = false;
  private readonly root = element('summary');
  private readonly heading = element('summary-heading');
  private readonly reason = element('summary-reason');
  private readonly again = element<HTMLButtonElement>('summary-again');
  private readonly standings = element<HTMLOListElement>('summary-standings');
  private summary: MatchSummary | null = null;
  private view: ResultsView = describeResults(null, '');

  constructor(private readonly router: Router) {
    this.again.addEventListener('click', () => void this.router.go(this.view.again.route));
    element('summary-lobby').addEventListener('click', () => void this.router.go({ screen: 'lobby' }));
    element('summary-menu').addEventListener('click', () => void this.router.go({ screen: 'menu' }));
  }

  /** Records the match just left; the next `enter` shows it. */
  remember(summary: MatchSummary | null): void {
    this.summary = summary;
  }

  enter(_route: { screen: 'results' }, message = ''): void {
    this.view = describeResults(this.summary, message);
    this.heading.textContent = this.view.heading;
    this.reason.textContent = this.view.reason;
    this.again.textContent = this.view.again.label;
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
