import { Nickname } from '@orb-arena/shared';

const NAME_KEY = 'orb-arena:name';

/** The start menu: asks for a nickname, remembers it, reports join errors. */
export class Menu {
  private readonly form = document.getElementById('menu') as HTMLFormElement;
  private readonly input = document.getElementById('name') as HTMLInputElement;
  private readonly button = document.getElementById('play') as HTMLButtonElement;
  private readonly error = document.getElementById('menu-error') as HTMLElement;

  constructor(onPlay: (name: string) => Promise<void>) {
    // The name typed before the script arrived wins over the remembered one.
    this.input.value ||= localStorage.getItem(NAME_KEY) ?? '';
    const early = window as { orbMenuReady?: boolean; orbEarlyPlay?: boolean };
    early.orbMenuReady = true;
    this.button.textContent = 'Play';
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit(onPlay);
    });
    // Play was pressed while the page was still loading (index.html's inline script kept the click).
    if (early.orbEarlyPlay) this.submit(onPlay);
    // For the loading benchmark (game-client/e2e/loading.test.ts): when the menu started to work.
    performance.mark('orb:menu-ready');
  }

  private submit(onPlay: (name: string) => Promise<void>): void {
    const parsed = Nickname.safeParse(this.input.value);
    if (!parsed.success) {
      this.showError(parsed.error.issues[0]?.message ?? 'invalid name');
      return;
    }
    localStorage.setItem(NAME_KEY, parsed.data);
    this.button.disabled = true;
    this.showError('');
    onPlay(parsed.data)
      .then(() => this.hide())
      .catch((error: unknown) =>
        this.showError(`Could not join: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => (this.button.disabled = false));
  }

  show(message = ''): void {
    this.form.hidden = false;
    this.showError(message);
    this.input.focus();
  }

  hide(): void {
    this.form.hidden = true;
  }

  private showError(message: string): void {
    this.error.textContent = message;
  }
}
