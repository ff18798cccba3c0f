import { leadersByRank, type ArenaState } from '@orb-arena/shared';
import { Hud } from './ui/hud.ts';
import { LeaderboardScreen } from './ui/LeaderboardScreen.ts';
import { Lobby } from './ui/Lobby.ts';
import { Menu } from './ui/Menu.ts';
import { Play, loadGame } from './ui/Play.ts';
import { Results } from './ui/Results.ts';
import { Router } from './ui/Router.ts';
import { showTouchHelp } from './ui/touchHelp.ts';
import { ColorPicker } from './ui/ColorPicker.ts';

/*
 * The client is a router over screens, one class per file in ui/ (see Router.ts for the URLs).
 * Adding a screen: write `ui/<Name>.ts` implementing `Screen`, give it a route in Router.ts, build it
 * below and add it to `router.register`. Screens navigate with `router.go(route)`; the back button
 * works because every screen change is a history entry.
 */
const hud = new Hud();
const router = new Router();
const results = new Results(router);
const play = new Play(router, hud, (summary, message) => {
  results.remember(summary);
  void router.go({ screen: 'results' }, message);
});
const lobby = new Lobby(router);
router.register({
  menu: new Menu(router),
  lobby,
  play,
  spectate: play,
  results,
  leaderboard: new LeaderboardScreen(router),
});

/** The visible orb closest to `from` (browser tests steer to it), or null. */
function nearestOrb(state: ArenaState, from: { x: number; y: number }): { x: number; y: number } | null {
  let best: { x: number; y: number } | null = null;
  let bestDistance = Infinity;
  state.orbs?.forEach((orb) => {
    const distance = (orb.x - from.x) ** 2 + (orb.y - from.y) ** 2;
    if (distance < bestDistance) [best, bestDistance] = [{ x: orb.x, y: orb.y }, distance];
  });
  return best;
}

/** Read-only view of the game for browser tests and curious players (window.__orb). */
function exposeDebugHook(): void {
  Object.defineProperty(window, '__orb', {
    configurable: true,
    get: () => {
      const screen = router.route?.screen ?? null;
      const connection = play.current;
      if (!connection) return { connected: false, screen, lobby: lobby.summary };
      const state = connection.state;
      const me = state.players?.get(connection.sessionId);
      return {
        screen,
        connected: connection.status === 'connected',
        status: connection.status,
        canReconnect: connection.canReconnect,
        roomId: connection.room.roomId,
        spectating: connection.camera !== null,
        /** The player a spectator's camera follows (null: a free camera or not spectating). */
        following: connection.camera?.followId ?? null,
        /** A spectator's camera point (null when playing). */
        camera: connection.camera && { x: connection.camera.x, y: connection.camera.y },
        /** The room's arena side as this client knows it, units. */
        arenaSize: connection.arenaSize,
        sessionId: connection.sessionId,
        phase: state.phase,
        me: me && {
          name: me.name,
          x: me.x,
          y: me.y,
          mass: me.mass,
          score: me.score,
          rank: me.rank,
          alive: me.alive,
          hue: me.hue,
        },
        nearestOrb: me && nearestOrb(state, me),
        rendered: connection.ownPosition(),
        leaderboard: leadersByRank(state.leaderboard).map(({ name, score }) => ({ name, score })),
        seen: [...(state.players?.keys() ?? [])],
        /** Other players in this client's view, as last patched. */
        others: [...(state.players?.entries() ?? [])]
          .filter(([id]) => id !== connection.sessionId)
          .map(([, player]) => ({ name: player.name, x: player.x, y: player.y })),
        /** The other living players as drawn on the last frame: id, centre and radius, CSS px. */
        onScreen: play.playersOnScreen,
        net: connection.stats(),
        steer: connection.lastSteer,
      };
    },
  });
}

window.addEventListener('keydown', (event) => {
  if (event.key === 'F3') {
    event.preventDefault();
    hud.toggleDebug();
  }
});
exposeDebugHook();
showTouchHelp();
new ColorPicker(document.getElementById('menu')!, document.getElementById('play')!);
void router.start();
// The game chunk (Phaser) downloads while the player types a name.
void loadGame();
