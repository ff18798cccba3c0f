import type { EatenMessage } from '@orb-arena/shared';
import { DeathTimer } from './deathTimer.ts';

function formatDuration(seconds: number): string {
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/**
 * The screen shown after being eaten: who ate you, your mass and score, how long you lived, your
 * rank, and a countdown to the respawn. It stays up until the state shows the player alive again.
 * Meanwhile the camera follows the eater at the middle of the screen, so the panel is a short strip
 * low on the screen (style.css), never over the middle.
 */
export class DeathScreen {
  private readonly root = document.createElement('div');
  private readonly countdown = document.createElement('p');
  private timer: DeathTimer | null = null;

  constructor(parent: HTMLElement) {
    this.root.id = 'death';
    this.root.className = 'panel';
    this.root.setAttribute('role', 'status');
    this.root.hidden = true;
    parent.append(this.root);
  }

  /** Opens the screen for `message`, received at `now` (ms). */
  show(message: EatenMessage, now: number): void {
    this.timer = new DeathTimer(now, message.respawnSeconds * 1000);
    const title = document.createElement('h2');
    title.textContent = `Eaten by ${message.by}`;
    const facts = document.createElement('dl');
    for (const [label, value] of [
      ['Mass', String(message.mass)],
      ['Score', String(message.score)],
      ['Alive for', formatDuration(message.aliveSeconds)],
      ['Rank', message.rank > 0 ? `#${message.rank}` : '-'],
    ]) {
      // One box per fact (a label over its value), so the four sit side by side in a short panel.
      const fact = document.createElement('div');
      const term = document.createElement('dt');
      term.textContent = label!;
      const detail = document.createElement('dd');
      detail.textContent = value!;
      fact.append(term, detail);
      facts.append(fact);
    }
    this.countdown.className = 'countdown';
    this.root.replaceChildren(title, facts, this.countdown);
    this.root.hidden = false;
    this.renderCountdown(now);
  }

  /** Called every frame with the own player's state: updates the countdown, closes after the respawn. */
  update(alive: boolean, now: number): void {
    if (!this.timer) return;
    if (this.timer.isOver(alive, now)) {
      this.hide();
      return;
    }
    this.renderCountdown(now);
  }

  private renderCountdown(now: number): void {
    const seconds = this.timer?.secondsLeft(now) ?? 0;
    this.countdown.textContent = seconds > 0 ? `Back in ${seconds} s…` : 'Back any moment…';
  }

  hide(): void {
    this.timer = null;
    this.root.hidden = true;
  }

  get visible(): boolean {
    return !this.root.hidden;
  }
}
