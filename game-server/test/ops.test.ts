import { matchMaker, type LocalPresence } from '@colyseus/core';
import { ANNOUNCE_MESSAGE, type Announcement } from '@orb-arena/shared';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { describe, expect, test, vi } from 'vitest';
import { mountMonitor } from '../src/http/monitor.ts';
import { ANNOUNCE_TOPIC } from '../src/scale/announcements.ts';
import { useTestServer, waitForMessage, type PlayerRoom } from './harness.ts';

const CREDENTIALS = { user: 'ops', password: 'correct horse battery' };
const auth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const server = useTestServer({ monitor: CREDENTIALS });

describe('operator endpoints', () => {
  test('/healthz and /readyz answer while serving', async () => {
    expect(await (await fetch(`${server.endpoint}/healthz`)).json()).toEqual({ ok: true });
    const ready = await fetch(`${server.endpoint}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, reasons: [] });
  });

  test('the monitor refuses requests without the right credentials and serves those with them', async () => {
    const none = await fetch(`${server.endpoint}/monitor/api`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(
      (await fetch(`${server.endpoint}/monitor/api`, { headers: { authorization: auth('ops', 'nope') } })).status,
    ).toBe(401);
    expect(
      (
        await fetch(`${server.endpoint}/monitor/api`, {
          headers: { authorization: auth('root', CREDENTIALS.password) },
        })
      ).status,
    ).toBe(401);
    const ok = await fetch(`${server.endpoint}/monitor/api`, {
      headers: { authorization: auth('ops', CREDENTIALS.password) },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveProperty('rooms');
  });

  test('is not mounted at all without credentials', async () => {
    const app = express();
    mountMonitor(app, undefined);
    const listening = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listening.once('listening', resolve));
    try {
      const { port } = listening.address() as AddressInfo;
      expect((await fetch(`http://127.0.0.1:${port}/monitor/api`)).status).toBe(404);
    } finally {
      listening.close();
    }
  });

  test('an announcement reaches the players of every room and a bad one is refused with the reason', async () => {
    const room = await server.join({ name: 'alice' });
    const other = await server.join({ name: 'bob', matchSeconds: 77 });
    expect(other.roomId).not.toBe(room.roomId);
    const received = waitForMessage<Announcement>(room, ANNOUNCE_MESSAGE);
    const receivedByOther = waitForMessage<Announcement>(other, ANNOUNCE_MESSAGE);
    const post = (body: unknown, user = 'ops') =>
      fetch(`${server.endpoint}/admin/announce`, {
        method: 'POST',
        headers: { authorization: auth(user, CREDENTIALS.password), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ text: 'hello' }, 'eve')).status).toBe(401);
    const bad = await post({ text: '' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('text must not be empty');
    expect((await post({ text: '  maintenance at noon  ' })).status).toBe(202);
    expect(await received).toEqual({ text: 'maintenance at noon' });
    expect(await receivedByOther).toEqual({ text: 'maintenance at noon' });
  });

  test('the rooms of a process share one subscription, which outlives the room that took it', async () => {
    const listeners = () => (matchMaker.presence as LocalPresence).subscriptions.listenerCount(ANNOUNCE_TOPIC);
    // A round length per room makes each join open a room of its own; the first one opened takes the subscription.
    const rooms: PlayerRoom[] = [];
    for (let i = 0; i < 12; i++) rooms.push(await server.join({ name: `p${i}`, matchSeconds: 60 + i }));
    expect(new Set(rooms.map((room) => room.roomId)).size).toBe(12);
    expect(listeners()).toBe(1);

    await rooms[0]!.leave();
    await vi.waitFor(() => expect(matchMaker.getLocalRoomById(rooms[0]!.roomId)).toBeUndefined());
    const received = waitForMessage<Announcement>(rooms[11]!, ANNOUNCE_MESSAGE);
    const response = await fetch(`${server.endpoint}/admin/announce`, {
      method: 'POST',
      headers: { authorization: auth('ops', CREDENTIALS.password), 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'still here' }),
    });
    expect(response.status).toBe(202);
    expect(await received).toEqual({ text: 'still here' });
    expect(listeners()).toBe(1);
  });
});
