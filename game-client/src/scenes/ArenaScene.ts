import Phaser from 'phaser';
import {
  AXIS_MAX,
  ORB_RADIUS,
  VIEW_HALF_HEIGHT,
  VIEW_HALF_WIDTH,
  buildKeyInput,
  buildMoveInput,
  defaultHue,
  radiusForMass,
  type MoveInput,
} from '@orb-arena/shared';
import type { ArenaConnection, RemoteView } from '../net/ArenaConnection.ts';
import type { SpectatorCamera } from '../net/SpectatorCamera.ts';
import type { ScreenCircle } from '../ui/Minimap.ts';

/** Steering from a touch joystick (ui/Joystick.ts), if the page has one. */
export interface TouchSteering {
  readonly engaged: boolean;
  steer(): MoveInput;
  /** The finger's movement since the last call, CSS px. */
  takeDrag(): { x: number; y: number };
}

/** Another player's orb as drawn, CSS px on the page, with its player's id (the debug hook reads it). */
export interface PlayerOnScreen extends ScreenCircle {
  id: string;
}

/** Distance from the own orb (screen px at zoom 1) at which pointer steering reaches full speed. */
const POINTER_FULL_SPEED = 120;

interface PlayerSprite {
  body: Phaser.GameObjects.Arc;
  /** The spawn-protection ring, shown while the player cannot be eaten. */
  shield: Phaser.GameObjects.Arc;
  label: Phaser.GameObjects.Text;
}

/** Name tag font size, world units at scale 1. */
const LABEL_FONT_PX = 14;
/** Largest name tag scale (big orbs would otherwise get huge names). */
const MAX_LABEL_SCALE = 2.5;
/** Smallest name tag worth drawing, screen px of font size. */
const MIN_LABEL_PX = 7;

/** Colour of the spawn-protection ring. */
const SHIELD_COLOR = 0x7fe3ff;

/** A stable colour per player id. */
function colorFor(id: string): number {
  return colorForHue(defaultHue(id));
}

/** The fill of an orb of `hue` degrees (ui/ColorPicker.ts shows the same colours in the menu). */
function colorForHue(hue: number): number {
  return Phaser.Display.Color.HSVToRGB(hue / 360, 0.65, 0.95).color;
}

/**
 * Draws the arena from the network layer and turns keys, mouse and touch into steering. Holds no
 * rules and no socket: every position comes from ArenaConnection (predicted or interpolated).
 */
export class ArenaScene extends Phaser.Scene {
  private connection!: ArenaConnection;
  private joystick: TouchSteering | null = null;
  private readonly orbSprites = new Map<string, Phaser.GameObjects.Arc>();
  private readonly playerSprites = new Map<string, PlayerSprite>();
  private keys!: Record<'up' | 'down' | 'left' | 'right' | 'w' | 'a' | 's' | 'd', Phaser.Input.Keyboard.Key>;
  private pointerSteering = false;
  private arenaSize = 0;
  private arenaLayer: Phaser.GameObjects.Container | null = null;
  /** The other living players as drawn on the last frame, CSS px on the page (the minimap fades over them). */
  playersOnScreen: readonly PlayerOnScreen[] = [];

  constructor() {
    super('ArenaScene');
  }

  init(data: { connection: ArenaConnection; joystick?: TouchSteering }): void {
    this.connection = data.connection;
    this.joystick = data.joystick ?? null;
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
    // Touch steers through the joystick; mouse and pen steer toward the pointer.
    const steerByPointer = (pointer: Phaser.Input.Pointer) => {
      if (!pointer.wasTouch) this.pointerSteering = true;
    };
    this.input.on('pointermove', steerByPointer);
    this.input.on('pointerdown', steerByPointer);
    this.scale.on('resize', () => this.fitCamera());
    this.fitCamera();
  }

  override update(_time: number, deltaMs: number): void {
    if (this.connection.arenaSize !== this.arenaSize) this.drawArena();
    const camera = this.connection.camera;
    if (camera) this.moveCamera(camera, deltaMs);
    this.connection.update(deltaMs, camera ? { x: 0, y: 0 } : this.readSteering());
    this.drawOrbs();
    const remotes = this.drawPlayers();
    this.centreCamera(remotes);
    this.playersOnScreen = this.toScreen(remotes);
    this.connection.aimCamera(performance.now());
  }

  /** A spectator's keys pan its camera; a finger drags the world under it, as a map. */
  private moveCamera(camera: SpectatorCamera, deltaMs: number): void {
    const { width, height, zoom } = this.cameras.main;
    camera.setView({ width: width / zoom, height: height / zoom });
    const keys = buildKeyInput(this.heldKeys());
    camera.pan(keys.x / AXIS_MAX, keys.y / AXIS_MAX, deltaMs / 1000);
    const drag = this.joystick?.takeDrag();
    if (drag) camera.drag(drag.x, drag.y, zoom);
  }

  /** Where `remotes` appear on the page once the camera is centred (the canvas fills the page). */
  private toScreen(remotes: readonly RemoteView[]): PlayerOnScreen[] {
    // The camera zooms about its middle; worldView would follow centerOn() only at render time.
    const { midPoint, zoom, width, height } = this.cameras.main;
    return remotes
      .filter((remote) => remote.alive)
      .map((remote) => ({
        id: remote.id,
        x: (remote.x - midPoint.x) * zoom + width / 2,
        y: (remote.y - midPoint.y) * zoom + height / 2,
        radius: radiusForMass(remote.mass) * zoom,
      }));
  }

  /**
   * Centres the view: a spectator on its camera (a followed player or a free point), a player on its
   * own orb, or, while dead, on whoever ate it until the respawn.
   */
  private centreCamera(remotes: readonly RemoteView[]): void {
    const find = (id: string) => remotes.find((remote) => remote.id === id);
    const camera = this.connection.camera;
    if (camera) {
      const at = camera.centre(find);
      this.cameras.main.centerOn(at.x, at.y);
      return;
    }
    const own = this.connection.ownPosition();
    const eater = !own.alive && this.connection.eatenBy ? find(this.connection.eatenBy) : undefined;
    const at = eater ?? own;
    if (this.connection.state.players?.has(this.connection.sessionId)) this.cameras.main.centerOn(at.x, at.y);
  }

  /**
   * Draws the floor grid and the walls for the room's live arena size (known once the state arrives);
   * update() redraws them whenever a patch moves the walls (a resizing arena moves them a few units a tick).
   */
  private drawArena(): void {
    const size = (this.arenaSize = this.connection.arenaSize);
    this.arenaLayer?.destroy();
    this.arenaLayer = this.add.container(0, 0, [
      this.add.grid(size / 2, size / 2, size, size, 100, 100, 0x10141c, 1, 0x222a38, 1),
      this.add.rectangle(size / 2, size / 2, size, size).setStrokeStyle(6, 0x5a6b8c),
    ]);
    this.arenaLayer.setDepth(-2);
  }

  /**
   * Zooms so the shared view rectangle fits the window, turned a quarter on a portrait screen: the
   * short side of the screen always shows the short side of the view, so a phone sees as much world
   * as a desktop. Tells the server which way the rectangle stands.
   */
  private fitCamera(): void {
    const { width, height } = this.scale.gameSize;
    const portrait = height > width;
    const halfWidth = portrait ? VIEW_HALF_HEIGHT : VIEW_HALF_WIDTH;
    const halfHeight = portrait ? VIEW_HALF_WIDTH : VIEW_HALF_HEIGHT;
    this.cameras.main.setZoom(Math.min(width / (2 * halfWidth), height / (2 * halfHeight)));
    this.connection.setPortrait(portrait);
  }

  private heldKeys(): { up: boolean; down: boolean; left: boolean; right: boolean } {
    const k = this.keys;
    return {
      up: k.up.isDown || k.w.isDown,
      down: k.down.isDown || k.s.isDown,
      left: k.left.isDown || k.a.isDown,
      right: k.right.isDown || k.d.isDown,
    };
  }

  private readSteering(): MoveInput {
    const keys = this.heldKeys();
    if (keys.up || keys.down || keys.left || keys.right) {
      this.pointerSteering = false;
      return buildKeyInput(keys);
    }
    if (this.joystick?.engaged) return this.joystick.steer();
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

  /** Draws every player in view; returns the remote ones as drawn this frame. */
  private drawPlayers(): RemoteView[] {
    const seen = new Set<string>();
    const own = this.connection.ownPosition();
    const ownState = this.connection.state.players?.get(this.connection.sessionId);
    if (ownState) {
      this.placePlayer(
        this.connection.sessionId,
        { ...own, name: ownState.name, shielded: ownState.shielded, hue: ownState.hue },
        true,
      );
      seen.add(this.connection.sessionId);
    }
    const remotes = this.connection.remotes();
    for (const remote of remotes) {
      this.placePlayer(remote.id, remote, false);
      seen.add(remote.id);
    }
    for (const [id, sprite] of this.playerSprites) {
      if (seen.has(id)) continue;
      sprite.body.destroy();
      sprite.shield.destroy();
      sprite.label.destroy();
      this.playerSprites.delete(id);
    }
    return remotes;
  }

  private placePlayer(
    id: string,
    player: { x: number; y: number; mass: number; alive: boolean; name: string; shielded: boolean; hue: number },
    isOwn: boolean,
  ): void {
    let sprite = this.playerSprites.get(id);
    if (!sprite) {
      const body = this.add
        .circle(0, 0, 10, colorForHue(player.hue))
        .setStrokeStyle(isOwn ? 4 : 2, isOwn ? 0xffffff : 0x000000, 0.8);
      const label = this.add.text(0, 0, '', {
        fontFamily: 'sans-serif',
        fontSize: `${LABEL_FONT_PX}px`,
        color: '#ffffff',
      });
      const shield = this.add.circle(0, 0, 10).setStrokeStyle(3, SHIELD_COLOR, 0.9).setDepth(1);
      sprite = { body: body.setDepth(1), shield, label: label.setOrigin(0.5).setDepth(2) };
      this.playerSprites.set(id, sprite);
    }
    const radius = radiusForMass(player.mass);
    sprite.body.setVisible(player.alive).setPosition(player.x, player.y).setRadius(radius);
    // A pulsing ring while spawn protection lasts.
    const pulse = 0.55 + 0.35 * Math.sin(this.time.now / 120);
    sprite.shield
      .setVisible(player.alive && player.shielded)
      .setPosition(player.x, player.y)
      .setRadius(radius + 5)
      .setAlpha(pulse);
    // The name is drawn inside its orb, scaled to fit 90 % of the diameter, so tags never spill onto
    // neighbours; one that would be smaller than MIN_LABEL_PX on screen is left out.
    sprite.label.setText(player.name).setScale(1);
    const scale = Math.min(MAX_LABEL_SCALE, (radius * 1.8) / Math.max(1, sprite.label.width));
    const readable = LABEL_FONT_PX * scale * this.cameras.main.zoom >= MIN_LABEL_PX;
    sprite.label
      .setScale(scale)
      .setVisible(player.alive && readable)
      .setPosition(player.x, player.y);
  }
}
