import { ARENA_ROOM, Nickname } from '@orb-arena/shared';
import { element } from './dom.ts';
import { describeMenuPrompt } from './menuPrompt.ts';
import { formatRoute, type MenuScreen, type Route, type Router } from './Router.ts';

const NAME_KEY = 'orb-arena:name';
/** Performance mark set when the menu first works (read by the loading browser test). */
export const MENU_READY_MARK = 'orb:menu-ready';

/** Flags index.html's inline script shares with the menu before and after the game script runs. */
type EarlyMenu = Window & { orbMenuReady?: boolean; orbEarlyPlay?: boolean };

/** The nickname remembered from the last game, if it is still a valid one. */
export function savedName(): string | null {
  const parsed = Nickname.safeParse(localStorage.getItem(NAME_KEY) ?? '');
  return parsed.success ? parsed.data : null;
}

/**
 * The start screen: asks for a nickname and remembers it. **Play** is quick play in the default mode;
 * **Lobby** lists the matches. When a link leads to a screen that needs a name (`/?room=CODE`), the
 * menu asks for one first and then goes on there; its button says where (describeMenuPrompt).
 */
export class Menu implements MenuScreen {
  readonly needsName = false;
  private readonly form = element<HTMLFormElement>('menu');
  private readonly input = element<HTMLInputElement>('name');
  private readonly button = element<HTMLButtonElement>('play');
  private readonly lobbyButton = element<HTMLButtonElement>('open-lobby');
  private readonly target = element('menu-target');
  private readonly error = element('menu-error');
  /** On a spectate link: the way to the plain menu, to play instead of watching. */
  private readonly playInstead = element<HTMLAnchorElement>('menu-play-instead');
  /** Where to go once a name is given (null: quick play). */
  private pending: Route | null = null;

  constructor(private readonly router: Router) {
    // A name typed before the script arrived wins over the remembered one.
    this.input.value ||= localStorage.getItem(NAME_KEY) ?? '';
    (window as EarlyMenu).orbMenuReady = true;
    this.button.textContent = 'Play';
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.lobbyButton.addEventListener('click', () => {
      if (this.saveName()) void this.router.go({ screen: 'lobby' });
    });
    this.playInstead.addEventListener('click', (event) => {
      event.preventDefault();
      void this.router.go({ screen: 'menu' });
    });
  }

  /** Starts the game (or goes on to the screen that asked for a name) if the name is valid. */
  private submit(): void {
    const next = this.pending;
    if (!this.saveName()) return;
    if (next) void this.router.show(next);
    else void this.router.go({ screen: 'play', mode: ARENA_ROOM });
  }

  hasName(): boolean {
    return savedName() !== null;
  }

  enter(_route: { screen: 'menu' }, message = ''): void {
    this.pending = null;
    this.open(message);
  }

  ask(then: Route, message = ''): void {
    this.pending = then;
    this.open(message);
  }

  leave(): void {
    this.form.hidden = true;
  }

  private open(message: string): void {
    const prompt = describeMenuPrompt(this.pending);
    this.target.textContent = prompt.target ?? '';
    this.target.hidden = prompt.target === null;
    this.button.textContent = prompt.button;
    this.playInstead.hidden = !prompt.offerPlay;
    this.playInstead.href = formatRoute({ screen: 'menu' }, location.search);
    this.form.hidden = false;
    this.error.textContent = message;
    this.input.focus();
    // For the loading benchmark (e2e/loading.test.ts): when the menu started to work.
    if (performance.getEntriesByName(MENU_READY_MARK).length === 0) performance.mark(MENU_READY_MARK);
    // Play was pressed while the page was still loading: index.html's inline script kept the click.
    const early = window as EarlyMenu;
    if (early.orbEarlyPlay) {
      early.orbEarlyPlay = false;
      queueMicrotask(() => this.submit());
    }
  }

  /** Validates and stores the typed name; shows the problem and returns false if it is not valid. */
  private saveName(): boolean {
    const parsed = Nickname.safeParse(this.input.value);
    if (!parsed.success) {
      this.error.textContent = parsed.error.issues[0]?.message ?? 'invalid name';
      return false;
    }
    localStorage.setItem(NAME_KEY, parsed.data);
    this.error.textContent = '';
    return true;
  }
}
