import '/work/wt/i10/game-server/src/polyfill.ts';
import { Client } from '@colyseus/sdk';
import { startRedis, startServer, stopChild } from '/work/wt/i10/game-server/test/processes.ts';
const useRedis = process.argv[2] === 'redis';
const redis = useRedis ? await startRedis() : undefined;
const a = await startServer(redis ? { REDIS_URL: redis.url } : {});
try {
  const ra = await new Client(a.endpoint).joinOrCreate('arena', { name: 'x', matchSeconds: 100 });
  ra.onLeave((code) => console.log('left', code));
  let n = 0; ra.onStateChange(() => n++);
  await new Promise(r => setTimeout(r, 2000));
  console.log('patches', n);
  console.log((await (await fetch(a.endpoint + '/metrics')).text()).split('\n').filter(l => l.startsWith('orb_')&& !l.includes('bucket')).join('\n'));
} finally {
  await stopChild(a, 'SIGINT'); await stopChild(a, 'SIGINT');
  if (redis) await stopChild(redis);
}
process.exit(0);
