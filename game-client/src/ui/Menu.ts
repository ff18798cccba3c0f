import { ARENA_ROOM, Nickname } from '@orb-arena/shared';
import { element } from './dom.ts';
import type { MenuScreen, Route, Router } from './Router.ts';

const NAME_KEY = 'orb-arena:name';

/** The nickname remembered from the last game, if it is still a valid one. */
export function savedName(): string | null {
  const parsed = Nickname.safeParse(localStorage.getItem(NAME_KEY) ?? '');
  return parsed.success ? parsed.data : null;
}

/**
 * The start screen: asks for a nickname and remembers it. **Play** is quick play in the default mode;
 * **Lobby** lists the matches. When a link leads to a screen that needs a name (`/?room=CODE`), the
 * menu asks for one first and then goes on there.
 */
export class Menu implements MenuScreen {
  readonly needsName = false;
  private readonly form = element<HTMLFormElement>('menu');
  private readonly input = element<HTMLInputElement>('name');
  private readonly button = element<HTMLButtonElement>('play');
  private readonly lobbyButton = element<HTMLButtonElement>('open-lobby');
  private readonly target = element('menu-target');
  private readonly error = element('menu-error');
  /** Where to go once a name is given (null: quick play). */
  private pending: Route | null = null;

  constructor(private readonly router: Router) {
    this.input.value = localStorage.getItem(NAME_KEY) ?? '';
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const next = this.pending;
      if (!this.saveName()) return;
      if (next) void this.router.show(next);
      else void this.router.go({ screen: 'play', mode: ARENA_ROOM });
    });
    this.lobbyButton.addEventListener('click', () => {
      if (this.saveName()) void this.router.go({ screen: 'lobby' });
    });
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
    const room = this.pending?.screen === 'play' ? this.pending.room : undefined;
    this.target.textContent = room ? `Joining room ${room}` : '';
    this.target.hidden = !room;
    this.button.textContent = room ? 'Join' : 'Play';
    this.form.hidden = false;
    this.error.textContent = message;
    this.input.focus();
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
