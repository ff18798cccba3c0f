import {
  DEFAULT_MODE,
  LeaderboardPeriod,
  MODE_LIST,
  isModeId,
  type LeaderboardChanged,
  type LeaderboardPageResponse,
  type LeaderboardRow,
} from '@orb-arena/shared';
import { serverEndpoint } from '../net/endpoint.ts';
import { LeaderboardConnection } from '../net/LeaderboardConnection.ts';
import { describeError, element } from './dom.ts';
import type { Route, Router, Screen } from './Router.ts';

type LeaderboardRoute = Extract<Route, { screen: 'leaderboard' }>;

/** The period tabs, in the order shown. */
const PERIOD_TITLES: Record<LeaderboardPeriod, string> = { daily: 'Today', weekly: 'This week', all: 'All time' };
const PERIOD_ORDER = Object.keys(PERIOD_TITLES) as LeaderboardPeriod[];

/** Rows shown from the top of a board. */
const PAGE_SIZE = 20;

/** "resets in 5 h 12 min" for a reset time in ms. */
function describeReset(resetsAt: number | null, now = Date.now()): string {
  if (resetsAt === null) return '';
  const minutes = Math.max(1, Math.ceil((resetsAt - now) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [days && `${days} d`, hours && `${hours} h`, !days && `${minutes % 60} min`].filter(Boolean);
  return ` · resets in ${parts.join(' ')}`;
}

/**
 * The persistent leaderboards (`/?leaderboard=MODE&period=daily`): a tab per mode and per period, the
 * top of the board with the player's own row highlighted (and appended with its rank when it is
 * further down), "Find me" to centre the page on the player. The page is refetched when the server
 * says the board's top changed (the `leaderboard` room, fed through presence).
 */
export class LeaderboardScreen implements Screen<LeaderboardRoute> {
  readonly needsName = false;
  private readonly root = element('leaderboards');
  private readonly modeTabs = element('lb-modes');
  private readonly periodTabs = element('lb-periods');
  private readonly rows = element<HTMLTableSectionElement>('lb-rows');
  private readonly status = element('lb-status');
  private connection: LeaderboardConnection | null = null;
  private view: { board: string; period: LeaderboardPeriod; aroundMe: boolean } = {
    board: DEFAULT_MODE,
    period: LeaderboardPeriod.Daily,
    aroundMe: false,
  };
  /** Bumped per load so a slow answer for a tab left since is dropped. */
  private loads = 0;

  constructor(private readonly router: Router) {
    element('open-leaderboards').addEventListener('click', () => void this.router.go({ screen: 'leaderboard' }));
    element('lb-back').addEventListener('click', () => void this.router.go({ screen: 'menu' }));
    element('lb-around').addEventListener('click', () => this.select({ aroundMe: !this.view.aroundMe }));
    this.modeTabs.replaceChildren(...MODE_LIST.map((mode) => this.tab(mode.title, 'board', mode.id)));
    this.periodTabs.replaceChildren(...PERIOD_ORDER.map((period) => this.tab(PERIOD_TITLES[period], 'period', period)));
  }

  async enter(route: LeaderboardRoute): Promise<void> {
    this.view = {
      board: isModeId(route.board) ? route.board : DEFAULT_MODE,
      period: PERIOD_ORDER.find((period) => period === route.period) ?? LeaderboardPeriod.Daily,
      aroundMe: false,
    };
    this.root.hidden = false;
    this.status.textContent = 'Loading…';
    this.connection = await LeaderboardConnection.open(serverEndpoint());
    this.connection.onChanged((change) => this.onChanged(change));
    await this.load();
  }

  leave(): void {
    this.root.hidden = true;
    this.loads++;
    void this.connection?.close();
    this.connection = null;
  }

  private tab(title: string, kind: 'board' | 'period', value: string): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'tab';
    button.textContent = title;
    button.dataset[kind] = value;
    button.addEventListener('click', () =>
      this.select(kind === 'board' ? { board: value } : { period: value as LeaderboardPeriod }),
    );
    return button;
  }

  private select(change: Partial<LeaderboardScreen['view']>): void {
    this.view = { ...this.view, aroundMe: false, ...change };
    this.router.setUrl({ screen: 'leaderboard', board: this.view.board, period: this.view.period });
    void this.load();
  }

  private onChanged(change: LeaderboardChanged): void {
    if (change.board === this.view.board && change.periods.includes(this.view.period)) void this.load();
  }

  private async load(): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    const load = ++this.loads;
    for (const button of this.root.querySelectorAll<HTMLButtonElement>('.tab')) {
      const selected = button.dataset.board === this.view.board || button.dataset.period === this.view.period;
      button.classList.toggle('selected', selected);
      button.setAttribute('aria-selected', String(selected));
    }
    try {
      const page = await connection.fetchPage({ ...this.view, limit: PAGE_SIZE });
      if (load === this.loads) this.render(page, connection);
    } catch (error) {
      if (load === this.loads) this.status.textContent = `Could not load the leaderboard: ${describeError(error)}`;
    }
  }

  private render(page: LeaderboardPageResponse, connection: LeaderboardConnection): void {
    const own = connection.playerId;
    const rows = page.rows.map((row) => this.row(row, row.playerId === own));
    if (page.me && !page.rows.some((row) => row.playerId === page.me?.playerId)) {
      rows.push(this.gap(), this.row(page.me, true));
    }
    if (rows.length === 0) rows.push(this.gap('No scores yet: play a round to be the first.'));
    this.rows.replaceChildren(...rows);
    const players = `${page.total} player${page.total === 1 ? '' : 's'}`;
    const live = connection.live ? ' · live' : '';
    this.status.textContent = `${PERIOD_TITLES[page.period]}: ${players}${describeReset(page.resetsAt)}${live}`;
  }

  private row(row: LeaderboardRow, mine: boolean): HTMLTableRowElement {
    const tr = document.createElement('tr');
    if (mine) tr.className = 'me';
    for (const text of [`${row.rank}`, row.name, `${row.score}`]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      tr.append(cell);
    }
    return tr;
  }

  private gap(text = '…'): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.className = 'gap';
    const cell = document.createElement('td');
    cell.colSpan = 3;
    cell.textContent = text;
    tr.append(cell);
    return tr;
  }
}
