import { matchMaker, type Room } from '@colyseus/core';
import { ANNOUNCE_MESSAGE, Announcement, describeIssues } from '@orb-arena/shared';
import express, { type Application } from 'express';
import { basicAuth, type MonitorCredentials } from '../http/monitor.ts';
import { log } from '../logger.ts';

/*
 * Operator announcements over Colyseus presence: POST /admin/announce on any process publishes on a
 * presence channel, and every room of every process relays it to its players (e.g. "maintenance in
 * 10 minutes"). With REDIS_URL the channel crosses processes; without, it stays in the one process.
 */

/** Presence channel carrying announcements. */
export const ANNOUNCE_TOPIC = 'orb:announce';

/** Relays announcements to `room`'s players; returns the function that stops relaying (call it on dispose). */
export function relayAnnouncements(room: Room): () => void {
  const relay = (announcement: Announcement) => room.broadcast(ANNOUNCE_MESSAGE, announcement);
  void room.presence.subscribe(ANNOUNCE_TOPIC, relay);
  return () => void room.presence.unsubscribe(ANNOUNCE_TOPIC, relay);
}

/**
 * Mounts POST /admin/announce (`{"text": "..."}`) behind the operator's basic auth; not mounted
 * without credentials. Answers 202 once published, 400 for a bad body.
 */
export function mountAnnounce(app: Application, credentials: MonitorCredentials | undefined): void {
  if (!credentials) return;
  app.post('/admin/announce', basicAuth(credentials), express.json({ limit: '2kb' }), (req, res) => {
    const parsed = Announcement.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: `invalid announcement: ${describeIssues(parsed.error.issues)}` });
      return;
    }
    // LocalPresence publishes synchronously, RedisPresence with a promise: await either.
    Promise.resolve()
      .then(() => matchMaker.presence.publish(ANNOUNCE_TOPIC, parsed.data) as unknown)
      .then(() => {
        log.info({ text: parsed.data.text }, 'announcement published');
        res.status(202).json({ published: true });
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'could not publish an announcement');
        res.status(503).json({ error: 'could not publish: presence (Redis) unavailable' });
      });
  });
}
