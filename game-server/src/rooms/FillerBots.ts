import { decideFillerMove, type MoveInput, type World } from '@orb-arena/shared';

/** Inputs a bot may have waiting, like a client's input buffer (bufferMaxSize). */
const QUEUE_LIMIT = 16;

/** Short, friendly names; each bot is also marked as a bot on the leaderboard and in the lobby. */
const BOT_NAMES = [
  'Nibbles',
  'Blobby',
  'Orbital',
  'Gobbler',
  'Pixel',
  'Bubbles',
  'Comet',
  'Dot',
  'Muncher',
  'Glimmer',
  'Sprocket',
  'Pebble',
  'Zippy',
  'Nova',
  'Chomp',
  'Wisp',
];

/**
 * A bot's input queue, read by the room's tick exactly like a client's input buffer (`size`,
 * `take(n)`), so a bot's inputs go through the same InputGate and stepWorld as a player's.
 */
export class BotInputQueue {
  private readonly items: MoveInput[] = [];

  get size(): number {
    return this.items.length;
  }

  push(input: MoveInput): void {
    this.items.push(input);
    if (this.items.length > QUEUE_LIMIT) this.items.shift();
  }

  /** Removes and returns the `count` oldest inputs. */
  take(count: number): MoveInput[] {
    return this.items.splice(0, Math.max(0, count));
  }
}

/** What the filler bots need from their room. */
export interface BotHost {
  /** Puts a bot player into the world and the state (marked as a bot), in orb colour `hue` (degrees). */
  addBot(id: string, name: string, hue: number): void;
  /** Takes a bot player out of the world and the state. */
  removeBot(id: string): void;
}

/** Degrees between consecutive bots' hues: the golden angle, so any run of bots spreads round the wheel. */
const BOT_HUE_STEP = 137.508;

/** Bot `number`'s orb colour: next to none of the bots before and after it. */
function hueOfBot(number: number): number {
  return Math.round(number * BOT_HUE_STEP) % 360;
}

interface Bot {
  id: string;
  name: string;
  queue: BotInputQueue;
  seed: number;
  ticks: number;
}

/**
 * Server-side filler bots: while a room has fewer than `target` humans, bots make up the difference,
 * so a lone player sees action; each human who arrives takes a bot's place. Every tick each bot
 * decides from what its screen would show with the load-test bots' brain and the filler manners
 * (shared `decideFillerMove`: a human is not hunted until it has grown to FILLER_HUNT_MASS) and
 * queues one input, which the room's tick then applies like any player's.
 */
export class FillerBots {
  private readonly bots: Bot[] = [];
  private nextNumber = 1;

  /**
   * @param options.target humans + bots the room is kept at; 0 turns filler bots off
   * @param options.seed seeds the bots' wandering, so a seeded room repeats
   */
  constructor(
    private readonly host: BotHost,
    private readonly options: { target: number; seed: number },
  ) {}

  get count(): number {
    return this.bots.length;
  }

  isBot(id: string): boolean {
    return this.bots.some((bot) => bot.id === id);
  }

  /** The input queue of bot `id`, or undefined for a player. */
  queueOf(id: string): BotInputQueue | undefined {
    // A plain loop: find() with an arrow would allocate a closure per player per tick.
    for (let i = 0; i < this.bots.length; i++) if (this.bots[i]!.id === id) return this.bots[i]!.queue;
    return undefined;
  }

  /** Adds or removes bots until humans + bots = target (no bots once humans reach it). */
  rebalance(humans: number): void {
    const wanted = Math.max(0, this.options.target - humans);
    while (this.bots.length < wanted) this.spawn();
    while (this.bots.length > wanted) {
      const bot = this.bots.pop()!;
      this.host.removeBot(bot.id);
    }
  }

  /** Queues one input for every bot, decided from what it sees in `world` now. */
  decide(world: World): void {
    // Indexed: for..of makes an iterator each tick, even over no bots.
    for (let i = 0; i < this.bots.length; i++) {
      const bot = this.bots[i]!;
      const self = world.players.get(bot.id);
      if (!self) continue;
      bot.queue.push(decideFillerMove(world, self, { seed: bot.seed, tick: bot.ticks++ }).input);
    }
  }

  private spawn(): void {
    const number = this.nextNumber++;
    const id = `bot-${number}`;
    const name = this.freeName(number);
    this.bots.push({ id, name, queue: new BotInputQueue(), seed: (this.options.seed + number * 7919) >>> 0, ticks: 0 });
    this.host.addBot(id, name, hueOfBot(number));
  }

  /**
   * Bot `number`'s name: the next one round the list that no bot in the room has now. Without the
   * check, bots coming and going as humans leave and arrive wrapped round the list onto a name still
   * in play, and the leaderboard showed two "Orbital [bot]". With more bots than names, names repeat.
   */
  private freeName(number: number): string {
    for (let offset = 0; offset < BOT_NAMES.length; offset++) {
      const name = BOT_NAMES[(number - 1 + offset) % BOT_NAMES.length]!;
      if (!this.bots.some((bot) => bot.name === name)) return name;
    }
    return BOT_NAMES[(number - 1) % BOT_NAMES.length]!;
  }
}
