/**
 * Where the player is, as the URL says it:
 *
 * | screen     | URL                 | meaning                                                      |
 * |------------|---------------------|--------------------------------------------------------------|
 * | `menu`     | `/`                 | nickname form, quick play, way to the lobby                  |
 * | `lobby`    | `/?lobby`           | live list of public matches, private rooms                   |
 * | `play`     | `/?play=MODE`       | quick play in MODE; replaced by `/?room=ID` once joined       |
 * | `play`     | `/?room=ID`         | plays in that room (a public room's id or a private code)     |
 * | `play`     | `/?create=MODE&round=S` | creates a private room (round of S seconds); then `/?room=CODE` |
 * | `spectate` | `/?spectate=ID`     | watches that room                                            |
 * | `results`  | `/?results`         | what happened in the match just left                         |
 * | `leaderboard` | `/?leaderboard=MODE&period=P` | persistent boards (mode and period optional)      |
 *
 * Developer parameters (`server`, `match`) stay on every URL the router writes.
 */
export type Route =
  | { screen: 'menu' }
  | { screen: 'lobby' }
  | { screen: 'play'; mode?: string; room?: string; create?: boolean; round?: number }
  | { screen: 'spectate'; room: string }
  | { screen: 'results' }
  | { screen: 'leaderboard'; board?: string; period?: string };

export type ScreenName = Route['screen'];

/** Parameters the router carries over from one URL to the next (tools, not places). */
const STICKY_PARAMS = ['server', 'match'] as const;

/**
 * One screen of the client (a class in its own PascalCase file in ui/). The router calls `enter`
 * when the player arrives (a rejected promise sends them back where they came from, with the error's
 * message) and `leave` when they go elsewhere, including with the browser's back button.
 */
export interface Screen<R extends Route = Route> {
  /** True if the player must have a nickname first (the router asks for one, then comes back). */
  readonly needsName: boolean;
  enter(route: R, message?: string): void | Promise<void>;
  leave(): void | Promise<void>;
}

/** Reads a route from a query string such as `location.search` (or a path + query). Unknown ones are the menu. */
export function parseRoute(search: string): Route {
  const params = new URLSearchParams(search.slice(search.indexOf('?') + 1));
  const room = params.get('room');
  if (room) return { screen: 'play', room };
  const mode = params.get('play');
  if (mode) return { screen: 'play', mode };
  const created = params.get('create');
  if (created) {
    const round = Number(params.get('round'));
    return Number.isInteger(round) && round > 0
      ? { screen: 'play', mode: created, create: true, round }
      : { screen: 'play', mode: created, create: true };
  }
  const spectate = params.get('spectate');
  if (spectate) return { screen: 'spectate', room: spectate };
  if (params.has('lobby')) return { screen: 'lobby' };
  if (params.has('results')) return { screen: 'results' };
  if (params.has('leaderboard')) {
    return {
      screen: 'leaderboard',
      board: params.get('leaderboard') || undefined,
      period: params.get('period') ?? undefined,
    };
  }
  return { screen: 'menu' };
}

/** Writes a route as a URL path + query, keeping the sticky parameters of `current`. */
export function formatRoute(route: Route, current = ''): string {
  const params = new URLSearchParams();
  switch (route.screen) {
    case 'menu':
      break;
    case 'lobby':
      params.set('lobby', '');
      break;
    case 'play':
      if (route.room) params.set('room', route.room);
      else if (route.create && route.mode) {
        params.set('create', route.mode);
        if (route.round) params.set('round', String(route.round));
      } else if (route.mode) params.set('play', route.mode);
      break;
    case 'spectate':
      params.set('spectate', route.room);
      break;
    case 'results':
      params.set('results', '');
      break;
    case 'leaderboard':
      params.set('leaderboard', route.board ?? '');
      if (route.period) params.set('period', route.period);
      break;
  }
  const kept = new URLSearchParams(current);
  for (const name of STICKY_PARAMS) {
    const value = kept.get(name);
    if (value !== null) params.set(name, value);
  }
  // `lobby=` reads better as `lobby`.
  const query = params.toString().replace(/=(&|$)/g, '$1');
  return query ? `/?${query}` : '/';
}

/** The menu screen also asks for a nickname before a screen that needs one, then goes on to `then`. */
export interface MenuScreen extends Screen<{ screen: 'menu' }> {
  hasName(): boolean;
  ask(then: Route, message?: string): void;
}

/** The screens the router switches between; only the menu is required. */
export type Screens = { menu: MenuScreen } & Partial<Record<Exclude<ScreenName, 'menu'>, Screen>>;

/**
 * The client's navigation: one screen at a time, the URL in step with it, the browser's back and
 * forward buttons replaying the history. To add a screen: write a class implementing `Screen` in
 * `ui/<Name>.ts`, add its route to `Route` (and to `parseRoute`/`formatRoute` if it has a URL of its
 * own), and pass an instance to the router in `main.ts`.
 */
export class Router {
  private current: { route: Route; screen: Screen } | null = null;
  /** Bumped on every navigation so a slow `enter` that was overtaken does not take over the page. */
  private generation = 0;
  private screens: Screens | null = null;

  constructor() {
    window.addEventListener('popstate', () => void this.show(parseRoute(location.search)));
  }

  /** Hands the router its screens (they are built with the router, so this comes after). */
  register(screens: Screens): void {
    this.screens = screens;
  }

  /** The route on screen now. */
  get route(): Route | null {
    return this.current?.route ?? null;
  }

  /** True if a screen is registered for `screen` (a build may leave some out). */
  has(screen: ScreenName): boolean {
    return this.screens?.[screen] !== undefined;
  }

  /** Shows the route the page was opened at. */
  start(): Promise<void> {
    return this.show(parseRoute(location.search));
  }

  /** Goes to `route`, adding a history entry. */
  go(route: Route, message?: string): Promise<void> {
    history.pushState(null, '', formatRoute(route, location.search));
    return this.show(route, message);
  }

  /** Goes to `route` in place of the current history entry (the back button skips it). */
  replace(route: Route, message?: string): Promise<void> {
    history.replaceState(null, '', formatRoute(route, location.search));
    return this.show(route, message);
  }

  /** Rewrites the URL for the route on screen (say, a room id learnt after joining) without re-entering it. */
  setUrl(route: Route): void {
    history.replaceState(null, '', formatRoute(route, location.search));
    if (this.current) this.current.route = route;
  }

  /** Leaves the current screen and enters the screen of `route`; the URL is already set. */
  async show(route: Route, message?: string): Promise<void> {
    if (!this.screens) throw new Error('Router.show before Router.register');
    const generation = ++this.generation;
    const previous = this.current;
    const menu = this.screens.menu;
    // A route without a screen (one another build adds) falls back to the menu.
    const screen = this.screens[route.screen] ?? menu;
    this.current = null;
    await previous?.screen.leave();
    if (screen.needsName && !menu.hasName()) {
      this.current = { route, screen: menu };
      menu.ask(route, message);
      return;
    }
    this.current = { route, screen };
    try {
      await screen.enter(route, message);
    } catch (error) {
      if (generation !== this.generation) return;
      const reason = error instanceof Error ? error.message : String(error);
      // Back to where the player came from (the menu after a link that led nowhere), saying why.
      const back = previous && previous.route.screen !== route.screen ? previous.route : { screen: 'menu' as const };
      await this.replace(back, reason);
    }
  }
}
