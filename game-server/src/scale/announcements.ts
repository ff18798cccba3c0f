import { matchMaker, type Presence, type Room } from '@colyseus/core';
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

/** The rooms relaying announcements, by the process's presence they subscribed through (one per server). */
const relaying = new Map<Presence, { rooms: Set<Room>; relay: (announcement: Announcement) => void }>();

/**
 * Relays announcements to `room`'s players; returns the function that stops relaying (call it on
 * dispose). The rooms of one process share one subscription: a listener per room would pile up on
 * the presence's emitter (Node warns past 10) and cost a callback per room per message. It is taken
 * on the process's presence (matchMaker.presence), not on `room.presence`: that one is a wrapper
 * per room, which would make a subscription per room again, and which drops its subscriptions when
 * its room is disposed, so a shared one taken through it would end with the first room.
 */
export function relayAnnouncements(room: Room): () => void {
  const presence = matchMaker.presence;
  let channel = relaying.get(presence);
  if (!channel) {
    const rooms = new Set<Room>();
    const relay = (announcement: Announcement) =>
      rooms.forEach((each) => each.broadcast(ANNOUNCE_MESSAGE, announcement));
    relaying.set(presence, (channel = { rooms, relay }));
    void presence.subscribe(ANNOUNCE_TOPIC, relay);
  }
  const { rooms, relay } = channel;
  rooms.add(room);
  return () => {
    rooms.delete(room);
    if (rooms.size > 0 || relaying.get(presence) !== channel) return;
    relaying.delete(presence);
    void presence.unsubscribe(ANNOUNCE_TOPIC, relay);
  };
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
