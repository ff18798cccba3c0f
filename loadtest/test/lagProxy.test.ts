import { createGameClient } from '../../game-client/src/net/gameClient.ts';
import { ARENA_ROOM, nextRandom, type ArenaState } from '@orb-arena/shared';
import { createHash } from 'node:crypto';
import net, { type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, test } from 'vitest';
import { startTestServer } from '../../game-server/test/harness.ts';
import {
  LagProxyError,
  LagProxyErrorCode,
  QUEUE_HIGH_WATER_BYTES,
  isLoopbackAddress,
  planRelease,
  startLagProxy,
  type LagProxy,
  type LagProxyOptions,
} from '../src/lagProxy.ts';

/** A real TCP server on a free loopback port; `echo` sends every byte back, `sink` only counts them. */
interface TestTcpServer {
  port: number;
  /** Server-side sockets in accept order. */
  accepted: Socket[];
  nextConnection(): Promise<Socket>;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startTcpServer(mode: 'echo' | 'sink'): Promise<TestTcpServer> {
  const accepted: Socket[] = [];
  const waiters: ((socket: Socket) => void)[] = [];
  const server: Server = net.createServer((socket) => {
    accepted.push(socket);
    socket.on('error', () => undefined);
    if (mode === 'echo') socket.pipe(socket);
    else socket.resume();
    waiters.shift()?.(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const tcp: TestTcpServer = {
    port: (server.address() as AddressInfo).port,
    accepted,
    nextConnection: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        for (const socket of accepted) socket.destroy();
        server.close(() => resolve());
      }),
  };
  cleanups.push(() => tcp.close());
  return tcp;
}

async function startProxy(options: LagProxyOptions): Promise<LagProxy> {
  const proxy = await startLagProxy(options);
  cleanups.push(() => proxy.close());
  return proxy;
}

async function connect(port: number): Promise<Socket> {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  cleanups.push(() => {
    socket.destroy();
    return Promise.resolve();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** Resolves with the first `length` bytes `socket` receives. */
function readBytes(socket: Socket, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received < length) return;
      socket.off('data', onData);
      resolve(Buffer.concat(chunks).subarray(0, length));
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

function waitForClose(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) resolve();
    else socket.once('close', () => resolve());
  });
}

/** A loopback port nothing listens on: bound by the OS, then released. */
async function findClosedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('planRelease', () => {
  test.each([
    { rttMs: 20, jitterMs: 200, bandwidthBytesPerSecond: undefined },
    { rttMs: 100, jitterMs: 50, bandwidthBytesPerSecond: 10_000 },
  ])('never releases a chunk before an earlier one (%o)', (conditions) => {
    let previous = { serializedAt: 0, releasedAt: 0 };
    const source = { rng: 42 };
    for (let i = 0; i < 1000; i++) {
      const arrivalMs = i * 2;
      const plan = planRelease({ arrivalMs, bytes: 100, conditions, previous, random: nextRandom(source) });
      expect(plan.releasedAt).toBeGreaterThanOrEqual(previous.releasedAt);
      expect(plan.releasedAt).toBeGreaterThanOrEqual(
        arrivalMs + Math.max(0, conditions.rttMs / 2 - conditions.jitterMs / 2),
      );
      previous = plan;
    }
  });

  test('adds serialization time at the bandwidth cap, queued behind the previous chunk', () => {
    const conditions = { rttMs: 100, jitterMs: 0, bandwidthBytesPerSecond: 1000 };
    const first = planRelease({
      arrivalMs: 0,
      bytes: 500,
      conditions,
      previous: { serializedAt: 0, releasedAt: 0 },
      random: 0.5,
    });
    const second = planRelease({ arrivalMs: 0, bytes: 500, conditions, previous: first, random: 0.5 });
    expect(first).toEqual({ serializedAt: 500, releasedAt: 550 });
    expect(second).toEqual({ serializedAt: 1000, releasedAt: 1050 });
  });
});

describe('lag proxy', () => {
  test('delivers every byte intact and in order under heavy jitter', async () => {
    const echo = await startTcpServer('echo');
    const proxy = await startProxy({ targetPort: echo.port, rttMs: 20, jitterMs: 60, seed: 7 });
    const client = await connect(proxy.port);
    const lines = Array.from({ length: 1500 }, (_, i) => `chunk ${i}\n`);
    const expected = Buffer.from(lines.join(''));
    const received = readBytes(client, expected.length);
    for (const line of lines) {
      client.write(line);
      // Yield so the writes leave as separate segments and get separate (jittered) delays.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await received).toString()).toBe(expected.toString());
    const stats = proxy.stats();
    expect(stats.clientToTarget.bytes).toBe(expected.length);
    expect(stats.targetToClient.bytes).toBe(expected.length);
    expect(stats.clientToTarget.chunks).toBeGreaterThan(100);
  });

  test.each([
    { rttMs: 100, jitterMs: 0 },
    { rttMs: 150, jitterMs: 20 },
  ])('adds at least rtt - jitter to a round trip (rtt $rttMs ms, jitter $jitterMs ms)', async (conditions) => {
    const echo = await startTcpServer('echo');
    const proxy = await startProxy({ targetPort: echo.port, ...conditions });
    const client = await connect(proxy.port);
    const roundTrips: number[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = readBytes(client, 4);
      const sentAt = performance.now();
      client.write('ping');
      expect((await reply).toString()).toBe('ping');
      roundTrips.push(performance.now() - sentAt);
    }
    console.log(
      `round trips through rtt ${conditions.rttMs} ± ${conditions.jitterMs} ms:`,
      roundTrips.map((ms) => ms.toFixed(1)).join(', '),
    );
    for (const ms of roundTrips) expect(ms).toBeGreaterThanOrEqual(conditions.rttMs - conditions.jitterMs);
  });

  test('closing the client closes the upstream connection', async () => {
    const echo = await startTcpServer('echo');
    const proxy = await startProxy({ targetPort: echo.port, rttMs: 40, jitterMs: 0 });
    const upstreamAccepted = echo.nextConnection();
    const client = await connect(proxy.port);
    const upstream = await upstreamAccepted;
    const upstreamReceived = readBytes(upstream, 5);
    client.resume(); // consume the echo, or the client's side never reaches 'end'
    client.end('hello');
    // The FIN travels after the delayed data: the upstream gets every byte, then closes.
    expect((await upstreamReceived).toString()).toBe('hello');
    await waitForClose(upstream);
    await waitForClose(client);
    expect(proxy.stats().connectionErrors).toBe(0);
  });

  test('closing the upstream delivers its queued data to the client, then closes the client', async () => {
    const echo = await startTcpServer('echo');
    const proxy = await startProxy({ targetPort: echo.port, rttMs: 100, jitterMs: 0 });
    const upstreamAccepted = echo.nextConnection();
    const client = await connect(proxy.port);
    const upstream = await upstreamAccepted;
    const chunks: Buffer[] = [];
    client.on('data', (chunk: Buffer) => chunks.push(chunk));
    const clientEnded = new Promise<void>((resolve) => client.once('end', resolve));
    upstream.end('goodbye');
    await clientEnded;
    expect(Buffer.concat(chunks).toString()).toBe('goodbye');
    await waitForClose(client);
  });

  test('a refused target closes the client connection and the proxy keeps accepting', async () => {
    const errors: Error[] = [];
    const proxy = await startProxy({
      targetPort: await findClosedPort(),
      rttMs: 10,
      jitterMs: 0,
      onConnectionError: (error) => errors.push(error),
    });
    for (let attempt = 1; attempt <= 2; attempt++) {
      const client = await connect(proxy.port);
      client.on('error', () => undefined); // the proxy resets the client: ECONNRESET is expected
      client.write('anyone there?');
      await waitForClose(client);
      expect(proxy.stats().connectionErrors).toBe(attempt);
    }
    expect(errors.map((error) => (error as NodeJS.ErrnoException).code)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });

  test.each(['10.0.0.1', '192.168.1.20', '8.8.8.8', '0.0.0.0', '::', 'example.com', '128.0.0.1'])(
    'refuses the non-loopback target %s',
    async (targetHost) => {
      const start = startLagProxy({ targetHost, targetPort: 2567, rttMs: 0, jitterMs: 0 });
      await expect(start).rejects.toThrow(LagProxyError);
      await expect(start).rejects.toMatchObject({
        code: LagProxyErrorCode.NonLoopbackAddress,
        message: expect.stringContaining(`only sends test traffic to loopback, got "${targetHost}"`) as string,
      });
    },
  );

  test('refuses to listen on a non-loopback address', async () => {
    const start = startLagProxy({ listenHost: '0.0.0.0', targetPort: 2567, rttMs: 0, jitterMs: 0 });
    await expect(start).rejects.toMatchObject({ name: 'LagProxyError', code: LagProxyErrorCode.NonLoopbackAddress });
  });

  test('reports a listen port already in use as a LagProxyError', async () => {
    const first = await startProxy({ targetPort: 2567, rttMs: 0, jitterMs: 0 });
    const second = startLagProxy({ listenPort: first.port, targetPort: 2567, rttMs: 0, jitterMs: 0 });
    await expect(second).rejects.toMatchObject({
      name: 'LagProxyError',
      code: LagProxyErrorCode.ListenFailed,
      message: expect.stringContaining(`could not listen on 127.0.0.1:${first.port}: listen EADDRINUSE`) as string,
    });
  });

  test.each([
    { option: 'rttMs', value: -1 },
    { option: 'jitterMs', value: Number.NaN },
    { option: 'bandwidthBytesPerSecond', value: 0 },
  ])('rejects $option = $value', async ({ option, value }) => {
    const start = startLagProxy({ targetPort: 2567, rttMs: 0, jitterMs: 0, [option]: value });
    await expect(start).rejects.toMatchObject({
      code: LagProxyErrorCode.InvalidOption,
      message: expect.stringContaining(option) as string,
    });
  });

  test.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::', false],
    ['localhost', false],
  ])('isLoopbackAddress(%s) is %s', (host, expected) => {
    expect(isLoopbackAddress(host)).toBe(expected);
  });

  test('keeps its queue bounded when the sender outruns the bandwidth cap', async () => {
    const sink = await startTcpServer('sink');
    const proxy = await startProxy({
      targetPort: sink.port,
      rttMs: 10,
      jitterMs: 0,
      bandwidthBytesPerSecond: 8_000_000,
    });
    const upstreamAccepted = sink.nextConnection();
    const client = await connect(proxy.port);
    const upstream = await upstreamAccepted;
    const payload = Buffer.alloc(4 * QUEUE_HIGH_WATER_BYTES, 'abcdefgh');
    const received = readBytes(upstream, payload.length);
    client.write(payload);
    const digest = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    expect(digest(await received)).toBe(digest(payload));
    // Without backpressure the whole payload would pile up in the proxy; with it, one read past the mark at most.
    expect(proxy.stats().clientToTarget.maxQueuedBytes).toBeLessThanOrEqual(QUEUE_HIGH_WATER_BYTES + 64 * 1024);
  });

  test('a Colyseus SDK client joins the arena and receives state through the proxy', async () => {
    const game = await startTestServer();
    cleanups.push(() => game.close());
    const proxy = await startProxy({ targetPort: game.port, rttMs: 60, jitterMs: 10 });
    const client = await createGameClient(`http://127.0.0.1:${proxy.port}`, { identity: 'fresh' });
    const room = await client.joinOrCreate<ArenaState>(ARENA_ROOM, {
      name: 'lagged',
    });
    cleanups.push(async () => {
      await room.leave();
    });
    // Resolves on the first patch that carries our own player (the map is absent before the first full state).
    const name = await new Promise<string>((resolve) => {
      room.onStateChange(() => {
        const own = room.state.players?.get(room.sessionId);
        if (own) resolve(own.name);
      });
    });
    expect(name).toBe('lagged');
    const stats = proxy.stats();
    expect(stats.connectionsOpened).toBeGreaterThanOrEqual(2); // the matchmaking request, then the WebSocket
    expect(stats.targetToClient.bytes).toBeGreaterThan(0);
  });
});
