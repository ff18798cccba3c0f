import { createRequire } from "node:module"; const require = createRequire(import.meta.url);
import '/work/wt/i10/game-server/src/polyfill.ts';
import { Client } from '@colyseus/sdk';
import { startRedis, startServer, stopChild } from '/work/wt/i10/game-server/test/processes.ts';
const redis = await startRedis();
const env = { REDIS_URL: redis.url, STALE_CHECK_SECONDS: process.env.SC ?? '1', DEBUG: 'colyseus:errors' };
import { freePort } from '/work/wt/i10/game-server/test/processes.ts';
const pa = await freePort(), pb = await freePort();
const a = await startServer({ ...env, PUBLIC_ADDRESS: `127.0.0.1:${pa}` }, pa);
const b = await startServer({ ...env, PUBLIC_ADDRESS: `127.0.0.1:${pb}` }, pb);
console.log('started', a.port, b.port);
try {
  const ra = await new Client(a.endpoint).joinOrCreate('arena', { name: 'x', matchSeconds: 100 }); ra.onLeave((c, r) => console.log('left', c, r)); ra.onError((c, m) => console.log('error', c, m));
  console.log('room1', ra.roomId, (ra.connection.transport as any).ws.url);
  await new Promise(r => setTimeout(r, 1500));
  const rb = await new Client(a.endpoint).joinOrCreate('arena', { name: 'y', matchSeconds: 101 });
  console.log('room2', rb.roomId, (rb.connection.transport as any).ws.url);
  await new Promise(r => setTimeout(r, 500));
  console.log((await (await fetch(b.endpoint + '/metrics')).text()).split('\n').filter(l => l.startsWith('orb_players') || l.startsWith('orb_rooms')));
  console.log((await (await fetch(a.endpoint + '/metrics')).text()).split('\n').filter(l => l.startsWith('orb_players') || l.startsWith('orb_rooms')));
  console.log(await (await fetch(a.endpoint + '/readyz')).text());
} finally {
  console.log(await stopChild(a), await stopChild(b));
  await stopChild(redis);
  require("fs").writeFileSync("/tmp/a.log", a.output()); console.log("-----B"); console.log(b.output().slice(-4000));
}
