import { Nickname } from '@orb-arena/shared';

const NAME_KEY = 'orb-arena:name';

/** The start menu: asks for a nickname, remembers it, reports join errors. */
export class Menu {
  private readonly form = document.getElementById('menu') as HTMLFormElement;
  private readonly input = document.getElementById('name') as HTMLInputElement;
  private readonly button = document.getElementById('play') as HTMLButtonElement;
  private readonly error = document.getElementById('menu-error') as HTMLElement;

  constructor(onPlay: (name: string) => Promise<void>) {
    this.input.value = localStorage.getItem(NAME_KEY) ?? '';
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
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
    });
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
