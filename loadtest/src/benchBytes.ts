/**
 * `npm run bench:bytes`: where each client's bytes go, by category, against room population.
 *
 * For each room size N it starts a production server with rooms of N (no filler bots), joins N full
 * bots in this process (the SDK client, the shared bot brain, inputs batched as a player's client
 * sends them: the same bots as `npm run bench --room-sizes`), lets the room settle (the arena grows
 * with its population for about 9 s), then attributes every byte every bot receives during the
 * window to a category (byteAttribution.ts: own player, other players' positions and other fields,
 * players and orbs entering and leaving the view, leaderboard, room fields, messages, patch header).
 *
 * How many players a client sees depends on how the bots happen to crowd, which differs from room to
 * room by a factor of up to 1.5 at one size; `--clients N` fills as many rooms of each size as N
 * clients need (ceil(N / size)), so each figure averages over rooms instead of following one crowd.
 *
 * The bots' wander seeds come from their index plus `--seed`: two sittings with the same seed replay
 * much the same crowds (the same rooms of the same bots), so sittings meant as independent samples of
 * the crowd need different seeds.
 *
 * `--brain cruise` makes a controlled crowd: bots that cruise billiard paths (decideCruise), blind to
 * orbs and each other, so they spread evenly and keep moving in every room and the figures follow the
 * protocol and the arena's growth law rather than how the fights happened to go (`play`, the default:
 * the load-test bots, who flee, chase and eat). `wander` heads for random waypoints (decideWander): a
 * crowd that gathers in the middle, denser the larger the arena's side.
 *
 * Prints one JSON line per size and a Markdown table: bytes per client per second by category.
 * Options: --room-sizes 10,50 --settle 30 --seconds 15 --clients N (default: one room of each size)
 * --seed N (default 1) --brain play|cruise|wander --env NAME=value,... (server settings).
 */
import { parseArgs } from 'node:util';
import type { Decoder } from '@colyseus/schema';
import { ARENA_ROOM } from '@orb-arena/shared';
import { createGameClient } from '../../game-client/src/net/gameClient.ts';
import { botBrainNamed, runBot, type ArenaRoom, type ArenaRoomShape, type BotHandle } from './botRunner.ts';
import { attributeClient, createTally, installByteAttribution, type ByteTally } from './byteAttribution.ts';
import { startServerProcess } from './serverProcess.ts';

const { values } = parseArgs({
  options: {
    'room-sizes': { type: 'string', default: '10,50' },
    settle: { type: 'string', default: '30' },
    seconds: { type: 'string', default: '15' },
    clients: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    brain: { type: 'string', default: 'play' },
    env: { type: 'string', default: '' },
  },
});
const sizes = values['room-sizes'].split(',').map(Number);
const settle = Number(values.settle);
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const seed = Number(values.seed);
const brain = botBrainNamed(values.brain);
const env = Object.fromEntries(
  values.env
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split(/=(.*)/s).slice(0, 2) as [string, string]),
);

const sleep = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Joins one full bot whose received bytes go to `tally()`. */
async function joinBot(
  endpoint: string,
  index: number,
  tally: () => ByteTally,
): Promise<BotHandle & { roomId: string }> {
  const client = await createGameClient(endpoint, { identity: 'fresh' });
  const room: ArenaRoom = await client.joinOrCreate<ArenaRoomShape>(ARENA_ROOM, { name: `bytes-${index}` });
  attributeClient({
    decoder: (room as unknown as { serializer: { decoder: Decoder } }).serializer.decoder,
    sessionId: room.sessionId,
    socket: (room.connection.transport as unknown as { ws: Parameters<typeof attributeClient>[0]['socket'] }).ws,
    tally,
  });
  return Object.assign(runBot(room, { name: `bytes-${index}`, seed: index + seed, brain }), { roomId: room.roomId });
}

/** Rooms of `size` bots (filled one after the other): the window's bytes per client per second by category. */
async function measure(size: number) {
  const server = await startServerProcess({ env: { ORB_BENCH: '1', ROOM_MAX_CLIENTS: String(size), ...env } });
  const rooms = Math.max(1, Math.ceil(clients / size));
  const count = rooms * size;
  let tally = createTally();
  const bots: (BotHandle & { roomId: string })[] = [];
  try {
    // A room's worth at a time, its first bot alone (it creates the room the others then fill).
    for (let first = 0; first < count; first += size) {
      bots.push(await joinBot(server.endpoint, first, () => tally));
      const rest = Array.from({ length: size - 1 }, (_, i) => first + 1 + i);
      bots.push(...(await Promise.all(rest.map((index) => joinBot(server.endpoint, index, () => tally)))));
    }
    await sleep(settle);
    tally = createTally();
    const started = performance.now();
    await sleep(seconds);
    const window = tally;
    tally = createTally();
    const elapsed = (performance.now() - started) / 1000;
    const perClient = (bytes: number) => round(bytes / count / elapsed, 1);
    const categories = Object.fromEntries(
      [...window.bytes].sort(([a], [b]) => a.localeCompare(b)).map(([name, bytes]) => [name, perClient(bytes)]),
    );
    const attributed = [...window.bytes.values()].reduce((sum, bytes) => sum + bytes, 0);
    return {
      brain: values.brain,
      playersInRoom: size,
      rooms,
      /** Rooms the bots actually landed in (should equal `rooms`). */
      roomsJoined: new Set(bots.map((bot) => bot.roomId)).size,
      bytesPerClientPerSecond: perClient(window.frameBytes),
      unattributedBytesPerClientPerSecond: perClient(window.frameBytes - attributed),
      switchMarkersPerClientPerSecond: perClient(window.switchBytes),
      patchesPerClientPerSecond: round(window.patches / count / elapsed),
      othersInView: round(window.othersInView / Math.max(1, window.patches), 2),
      orbsInView: round(window.orbsInView / Math.max(1, window.patches), 1),
      categories,
    };
  } finally {
    await Promise.all(bots.map((bot) => bot.stop()));
    await server.stop();
  }
}

installByteAttribution();
const results = [];
for (const size of sizes) {
  const result = await measure(size);
  console.log(JSON.stringify(result));
  results.push(result);
}
const names = [...new Set(results.flatMap((result) => Object.keys(result.categories)))].sort();
console.log(`| category | ${results.map((result) => `${result.playersInRoom} players`).join(' | ')} |`);
console.log(`|---|${results.map(() => '---|').join('')}`);
for (const name of names) {
  console.log(`| ${name} | ${results.map((result) => result.categories[name] ?? 0).join(' | ')} |`);
}
console.log(`| **total** | ${results.map((result) => result.bytesPerClientPerSecond).join(' | ')} |`);
process.exit(0);
