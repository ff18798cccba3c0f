/** A one-line notice in the middle of the top of the screen, above every screen (e.g. "reconnecting…"). */
export class Notice {
  private readonly root = document.createElement('div');

  constructor() {
    this.root.id = 'notice';
    this.root.className = 'panel';
    this.root.setAttribute('role', 'status');
    this.root.hidden = true;
    document.body.append(this.root);
  }

  show(text: string): void {
    this.root.textContent = text;
    this.root.hidden = false;
  }

  hide(): void {
    this.root.hidden = true;
  }
}
