import Phaser from 'phaser';
import { JoinOptions } from '@orb-arena/shared';
import { ArenaConnection } from './net/ArenaConnection.ts';
import { ChatLink } from './net/ChatLink.ts';
import { ArenaScene } from './scenes/ArenaScene.ts';
import { Chat } from './ui/Chat.ts';
import { Hud } from './ui/hud.ts';
import { Menu } from './ui/menu.ts';

/**
 * The game server's address: `?server=http://host:port` (e.g. a lag proxy), else the page's own origin
 * in production, or the default server port next to the Vite dev server.
 */
function serverEndpoint(): string {
  const fromQuery = new URLSearchParams(location.search).get('server');
  if (fromQuery) return fromQuery;
  if (import.meta.env.DEV) return `${location.protocol}//${location.hostname}:2567`;
  return location.origin;
}

/**
 * `?match=SECONDS` plays in rooms with that round length (matched only with players who asked for the
 * same), handy for trying round ends without waiting five minutes. Invalid values are ignored.
 */
function matchSeconds(): number | undefined {
  const parsed = JoinOptions.shape.matchSeconds.safeParse(
    Number(new URLSearchParams(location.search).get('match') ?? NaN),
  );
  return parsed.success ? parsed.data : undefined;
}

const hud = new Hud();
const chat = new Chat();
let game: Phaser.Game | null = null;
let connection: ArenaConnection | null = null;

/** Read-only view of the game for browser tests and curious players (window.__orb). */
function exposeDebugHook(): void {
  Object.defineProperty(window, '__orb', {
    configurable: true,
    get: () => {
      if (!connection) return { connected: false };
      const state = connection.state;
      const me = state.players?.get(connection.sessionId);
      return {
        connected: connection.status === 'connected',
        status: connection.status,
        canReconnect: connection.canReconnect,
        roomId: connection.room.roomId,
        sessionId: connection.sessionId,
        phase: state.phase,
        me: me && { name: me.name, x: me.x, y: me.y, mass: me.mass, score: me.score, rank: me.rank, alive: me.alive },
        rendered: connection.ownPosition(),
        leaderboard: state.leaderboard?.map((entry) => ({ name: entry.name, score: entry.score })) ?? [],
        net: connection.stats(),
      };
    },
  });
}

async function play(name: string): Promise<void> {
  connection = await ArenaConnection.join({
    endpoint: serverEndpoint(),
    options: { name, matchSeconds: matchSeconds() },
    events: {
      status: (status, detail) => {
        if (status === 'connected') hud.clearBanner('connection');
        if (status === 'reconnecting') hud.setBanner('Connection lost, reconnecting…', 'connection');
        if (status === 'disconnected') endGame(`Disconnected from the server (${detail ?? 'no reason'}).`);
      },
      results: (results) => connection && hud.showResults(results, connection.sessionId),
      eaten: (message) => hud.setBanner(`Eaten by ${message.by}! Back in ${message.respawnSeconds} s`, 'eaten'),
    },
  });
  hud.show();
  chat.attach(
    new ChatLink(connection.room, {
      line: (line) => chat.addLine(line),
      feed: (event) => chat.addFeed(event),
      refused: (refused) => chat.addRefused(refused),
    }),
  );
  game = new Phaser.Game({
    type: Phaser.AUTO,
    parent: 'game',
    backgroundColor: '#0b0e14',
    scale: { mode: Phaser.Scale.RESIZE, width: window.innerWidth, height: window.innerHeight },
    scene: [],
    callbacks: {
      postBoot: (booted) => booted.scene.add('ArenaScene', ArenaScene, true, { connection }),
    },
  });
  game.events.on('poststep', () => {
    if (!connection) return;
    hud.render(connection.state, connection.sessionId);
    hud.renderNet(connection.stats());
    if (connection.state.players?.get(connection.sessionId)?.alive) hud.clearBanner('eaten');
  });
}

function endGame(message: string): void {
  game?.destroy(true);
  game = null;
  connection = null;
  hud.hide();
  chat.detach();
  menu.show(message);
}

const menu = new Menu(play);
window.addEventListener('keydown', (event) => {
  if (event.key === 'F3') {
    event.preventDefault();
    hud.toggleDebug();
  }
});
exposeDebugHook();
