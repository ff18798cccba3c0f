const MUTE_KEY = 'orb-arena:muted';

/** One generated tone: frequency glide, length and loudness. */
interface Tone {
  from: number;
  to: number;
  seconds: number;
  gain: number;
  type: OscillatorType;
  delay?: number;
}

/** The effects, generated with WebAudio (no files to download). */
const EFFECTS = {
  eat: [{ from: 660, to: 990, seconds: 0.06, gain: 0.05, type: 'sine' }],
  kill: [
    { from: 440, to: 660, seconds: 0.12, gain: 0.08, type: 'triangle' },
    { from: 660, to: 990, seconds: 0.16, gain: 0.08, type: 'triangle', delay: 0.08 },
  ],
  eaten: [{ from: 440, to: 110, seconds: 0.5, gain: 0.1, type: 'sawtooth' }],
  roundEnd: [
    { from: 523, to: 523, seconds: 0.15, gain: 0.07, type: 'square' },
    { from: 659, to: 659, seconds: 0.15, gain: 0.07, type: 'square', delay: 0.15 },
    { from: 784, to: 784, seconds: 0.3, gain: 0.07, type: 'square', delay: 0.3 },
  ],
} satisfies Record<string, Tone[]>;

export type SoundEffect = keyof typeof EFFECTS;

/**
 * Short sound effects (eating, being eaten, eating a player, round end) and the mute button in the
 * HUD. Muting is remembered in the browser. The audio context starts on the first effect after the
 * player pressed Play (browsers allow sound only after a gesture).
 */
export class Sound {
  private context: AudioContext | null = null;
  private muted = localStorage.getItem(MUTE_KEY) === '1';
  private readonly button = document.createElement('button');
  private lastEatAt = 0;

  constructor(parent: HTMLElement) {
    this.button.id = 'mute';
    this.button.type = 'button';
    this.button.className = 'panel small';
    this.button.addEventListener('click', () => this.setMuted(!this.muted));
    this.render();
    parent.append(this.button);
  }

  play(effect: SoundEffect): void {
    if (this.muted || typeof AudioContext === 'undefined') return;
    if (effect === 'eat') {
      // Eating a cluster of orbs is one sound, not a buzz.
      if (performance.now() - this.lastEatAt < 80) return;
      this.lastEatAt = performance.now();
    }
    this.context ??= new AudioContext();
    if (this.context.state === 'suspended') void this.context.resume();
    for (const tone of EFFECTS[effect] as Tone[]) this.playTone(this.context, tone);
  }

  private playTone(context: AudioContext, tone: Tone): void {
    const start = context.currentTime + (tone.delay ?? 0);
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = tone.type;
    oscillator.frequency.setValueAtTime(tone.from, start);
    oscillator.frequency.exponentialRampToValueAtTime(tone.to, start + tone.seconds);
    gain.gain.setValueAtTime(tone.gain, start);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + tone.seconds);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + tone.seconds);
  }

  private setMuted(muted: boolean): void {
    this.muted = muted;
    localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
    this.render();
  }

  private render(): void {
    this.button.replaceChildren(speakerIcon(this.muted));
    this.button.title = this.muted ? 'Sound off (click to turn on)' : 'Sound on (click to mute)';
    this.button.setAttribute('aria-label', this.button.title);
    this.button.setAttribute('aria-pressed', String(this.muted));
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * A speaker with sound waves, or crossed out when muted, drawn in the text colour. Inline SVG, not
 * an emoji: a system without an emoji font showed the button as an empty box.
 */
function speakerIcon(muted: boolean): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  svg.dataset.muted = String(muted);
  const body = document.createElementNS(SVG_NS, 'path');
  body.setAttribute('d', 'M3 9h4l5-4v14l-5-4H3z');
  body.setAttribute('fill', 'currentColor');
  const marks = document.createElementNS(SVG_NS, 'path');
  marks.setAttribute('d', muted ? 'M16 9l6 6M22 9l-6 6' : 'M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12');
  marks.setAttribute('fill', 'none');
  marks.setAttribute('stroke', 'currentColor');
  marks.setAttribute('stroke-width', '2');
  marks.setAttribute('stroke-linecap', 'round');
  svg.append(body, marks);
  return svg;
}
