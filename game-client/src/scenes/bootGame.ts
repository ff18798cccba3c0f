import Phaser from 'phaser';
import type { ArenaConnection } from '../net/ArenaConnection.ts';
import { ArenaScene, type PlayerOnScreen, type TouchSteering } from './ArenaScene.ts';

/** A running game, as the page sees it. */
export interface GameHandle {
  /** Draws `connection` from now on (after the server moved the player to another room). */
  restart(connection: ArenaConnection): void;
  /** The other players as drawn on the last frame, CSS px on the page (the HUD moves out of their way). */
  playersOnScreen(): readonly PlayerOnScreen[];
  destroy(): void;
}

/**
 * Starts Phaser with the arena scene drawing `connection`; `onFrame` runs after every game step.
 * This module is loaded on demand (a separate chunk): Phaser is most of the download, and the menu
 * must work before it has arrived.
 */
export function bootGame(connection: ArenaConnection, onFrame: () => void, joystick?: TouchSteering): GameHandle {
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent: 'game',
    backgroundColor: '#0b0e14',
    scale: { mode: Phaser.Scale.RESIZE, width: window.innerWidth, height: window.innerHeight },
    scene: [],
    callbacks: {
      postBoot: (booted) => booted.scene.add('ArenaScene', ArenaScene, true, { connection, joystick }),
    },
  });
  game.events.on('poststep', onFrame);
  return {
    restart: (next) => game.scene.getScene('ArenaScene')?.scene.restart({ connection: next, joystick }),
    playersOnScreen: () => (game.scene.getScene('ArenaScene') as ArenaScene | null)?.playersOnScreen ?? [],
    destroy: () => game.destroy(true),
  };
}
