import { JoinOptions, ORB_HUES } from '@orb-arena/shared';

const HUE_KEY = 'orb-arena:hue';

/** The colour picked in the menu and kept in the browser, if any (a stored value the server would refuse is dropped). */
export function savedHue(): number | undefined {
  const stored = localStorage.getItem(HUE_KEY);
  if (stored === null) return undefined;
  return JoinOptions.shape.hue.safeParse(Number(stored)).data;
}

/** CSS colour of a hue, as the scene draws orbs (ArenaScene: saturation 65 %, value 95 %). */
export function cssForHue(hue: number): string {
  return `hsl(${hue}, 85%, 60%)`;
}

/**
 * A row of colour swatches in the menu, before the Play button. The choice is kept in the browser and
 * sent as the `hue` join option; until one is picked the server gives a colour from the player's id.
 */
export class ColorPicker {
  private readonly root = document.createElement('div');

  constructor(form: HTMLElement, before: HTMLElement) {
    this.root.id = 'colors';
    this.root.setAttribute('role', 'radiogroup');
    this.root.setAttribute('aria-label', 'Orb colour');
    const picked = savedHue();
    for (const hue of ORB_HUES) {
      const swatch = document.createElement('button');
      swatch.type = 'button';
      swatch.className = 'swatch';
      swatch.style.background = cssForHue(hue);
      swatch.setAttribute('role', 'radio');
      swatch.setAttribute('aria-label', `colour ${hue}°`);
      swatch.dataset.hue = String(hue);
      swatch.setAttribute('aria-checked', String(hue === picked));
      swatch.addEventListener('click', () => this.pick(hue));
      this.root.append(swatch);
    }
    form.insertBefore(this.root, before);
  }

  private pick(hue: number): void {
    localStorage.setItem(HUE_KEY, String(hue));
    for (const swatch of this.root.querySelectorAll<HTMLElement>('.swatch')) {
      swatch.setAttribute('aria-checked', String(swatch.dataset.hue === String(hue)));
    }
  }
}
