import Phaser from 'phaser';
import {
  ORB_RADIUS,
  VIEW_HALF_HEIGHT,
  VIEW_HALF_WIDTH,
  buildKeyInput,
  buildMoveInput,
  radiusForMass,
  type MoveInput,
} from '@orb-arena/shared';
import type { ArenaConnection } from '../net/ArenaConnection.ts';

/** Distance from the own orb (screen px at zoom 1) at which pointer steering reaches full speed. */
const POINTER_FULL_SPEED = 120;

interface PlayerSprite {
  body: Phaser.GameObjects.Arc;
  label: Phaser.GameObjects.Text;
}

/** A stable colour per player id. */
function colorFor(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return Phaser.Display.Color.HSVToRGB((hash % 360) / 360, 0.65, 0.95).color;
}

/**
 * Draws the arena from the network layer and turns keys, mouse and touch into steering. Holds no
 * rules and no socket: every position comes from ArenaConnection (predicted or interpolated).
 */
export class ArenaScene extends Phaser.Scene {
  private connection!: ArenaConnection;
  private readonly orbSprites = new Map<string, Phaser.GameObjects.Arc>();
  private readonly playerSprites = new Map<string, PlayerSprite>();
  private keys!: Record<'up' | 'down' | 'left' | 'right' | 'w' | 'a' | 's' | 'd', Phaser.Input.Keyboard.Key>;
  private pointerSteering = false;
  private arenaSize = 0;
  private arenaLayer: Phaser.GameObjects.Container | null = null;

  constructor() {
    super('ArenaScene');
  }

  init(data: { connection: ArenaConnection }): void {
    this.connection = data.connection;
  }

  create(): void {
    this.drawArena();
    const keyboard = this.input.keyboard!;
    this.keys = keyboard.addKeys({
      up: 'UP',
      down: 'DOWN',
      left: 'LEFT',
      right: 'RIGHT',
      w: 'W',
      a: 'A',
      s: 'S',
      d: 'D',
    }) as typeof this.keys;
    this.input.on('pointermove', () => (this.pointerSteering = true));
    this.input.on('pointerdown', () => (this.pointerSteering = true));
    this.scale.on('resize', () => this.fitCamera());
    this.fitCamera();
  }

  override update(_time: number, deltaMs: number): void {
    if (this.connection.arenaSize !== this.arenaSize) this.drawArena();
    this.connection.update(deltaMs, this.readSteering());
    this.drawOrbs();
    this.drawPlayers();
  }

  /** Draws the floor grid and the walls for the room's arena size (known once the state arrives). */
  private drawArena(): void {
    const size = (this.arenaSize = this.connection.arenaSize);
    this.arenaLayer?.destroy();
    this.arenaLayer = this.add.container(0, 0, [
      this.add.grid(size / 2, size / 2, size, size, 100, 100, 0x10141c, 1, 0x222a38, 1),
      this.add.rectangle(size / 2, size / 2, size, size).setStrokeStyle(6, 0x5a6b8c),
    ]);
    this.arenaLayer.setDepth(-2);
  }

  /** Zooms so exactly the shared view rectangle fits the window, whatever its size. */
  private fitCamera(): void {
    const { width, height } = this.scale.gameSize;
    this.cameras.main.setZoom(Math.min(width / (2 * VIEW_HALF_WIDTH), height / (2 * VIEW_HALF_HEIGHT)));
  }

  private readSteering(): MoveInput {
    const k = this.keys;
    const keys = {
      up: k.up.isDown || k.w.isDown,
      down: k.down.isDown || k.s.isDown,
      left: k.left.isDown || k.a.isDown,
      right: k.right.isDown || k.d.isDown,
    };
    if (keys.up || keys.down || keys.left || keys.right) {
      this.pointerSteering = false;
      return buildKeyInput(keys);
    }
    if (!this.pointerSteering) return { x: 0, y: 0 };
    const pointer = this.input.activePointer;
    const own = this.connection.ownPosition();
    const world = this.cameras.main.getWorldPoint(pointer.x, pointer.y);
    const reach = POINTER_FULL_SPEED / this.cameras.main.zoom;
    return buildMoveInput((world.x - own.x) / reach, (world.y - own.y) / reach);
  }

  private drawOrbs(): void {
    const orbs = this.connection.state.orbs;
    if (!orbs) return;
    orbs.forEach((orb, id) => {
      let sprite = this.orbSprites.get(id);
      if (!sprite) {
        sprite = this.add.circle(orb.x, orb.y, ORB_RADIUS, colorFor(`orb${id}`));
        this.orbSprites.set(id, sprite);
      }
      sprite.setPosition(orb.x, orb.y);
    });
    for (const [id, sprite] of this.orbSprites) {
      if (!orbs.has(id)) {
        sprite.destroy();
        this.orbSprites.delete(id);
      }
    }
  }

  private drawPlayers(): void {
    const seen = new Set<string>();
    const own = this.connection.ownPosition();
    const ownState = this.connection.state.players?.get(this.connection.sessionId);
    if (ownState) {
      this.placePlayer(this.connection.sessionId, { ...own, name: ownState.name }, true);
      seen.add(this.connection.sessionId);
      this.cameras.main.centerOn(own.x, own.y);
    }
    for (const remote of this.connection.remotes()) {
      this.placePlayer(remote.id, remote, false);
      seen.add(remote.id);
    }
    for (const [id, sprite] of this.playerSprites) {
      if (seen.has(id)) continue;
      sprite.body.destroy();
      sprite.label.destroy();
      this.playerSprites.delete(id);
    }
  }

  private placePlayer(
    id: string,
    player: { x: number; y: number; mass: number; alive: boolean; name: string },
    isOwn: boolean,
  ): void {
    let sprite = this.playerSprites.get(id);
    if (!sprite) {
      const body = this.add
        .circle(0, 0, 10, colorFor(id))
        .setStrokeStyle(isOwn ? 4 : 2, isOwn ? 0xffffff : 0x000000, 0.8);
      const label = this.add.text(0, 0, '', { fontFamily: 'sans-serif', fontSize: '14px', color: '#ffffff' });
      sprite = { body: body.setDepth(1), label: label.setOrigin(0.5).setDepth(2) };
      this.playerSprites.set(id, sprite);
    }
    const radius = radiusForMass(player.mass);
    sprite.body.setVisible(player.alive).setPosition(player.x, player.y).setRadius(radius);
    // A name wider than its orb goes underneath, so small orbs stay visible.
    sprite.label.setText(player.name);
    const below = sprite.label.width > radius * 2;
    sprite.label.setVisible(player.alive).setPosition(player.x, below ? player.y + radius + 10 : player.y);
  }
}
