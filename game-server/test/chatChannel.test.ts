import {
  CHAT_BURST,
  CHAT_REFILL_MS,
  ROUND_ENDING_NOTICE_SECONDS,
  ServerMessage,
  addPlayer,
  createStepEvents,
  createWorld,
  describeFeedEvent,
  stepWorld,
  type ChatLine,
  type FeedEvent,
} from '@orb-arena/shared';
import { describe, expect, test } from 'vitest';
import { ChatChannel } from '../src/rooms/ChatChannel.ts';
import { PRESENCE_BURST_MS, PRESENCE_TOLD_ALONE } from '../src/rooms/PresenceBursts.ts';
import { RateBudget } from '../src/rooms/RateBudget.ts';

/** A channel over a recording host and a clock the test moves. */
function recordingChannel() {
  const clock = { now: 0 };
  const broadcasts: [string, unknown][] = [];
  const sent: [string, string, unknown][] = [];
  const witnessed: [readonly string[], string, unknown][] = [];
  const channel = new ChatChannel(
    {
      broadcast: (type, payload) => broadcasts.push([type, payload]),
      sendTo: (id, type, payload) => sent.push([id, type, payload]),
      sendToWitnesses: (ids, type, payload) => witnessed.push([ids, type, payload]),
    },
    () => clock.now,
  );
  return { clock, broadcasts, sent, witnessed, channel };
}

describe('RateBudget', () => {
  test('spends the burst, then says how long to wait, then refills one token per interval', () => {
    const clock = { now: 1000 };
    const budget = new RateBudget({ burst: 2, refillMs: 100, now: () => clock.now });
    expect([budget.take('a'), budget.take('a')]).toEqual([0, 0]);
    expect(budget.take('a')).toBe(100);
    expect(budget.take('b')).toBe(0);
    clock.now += 60;
    expect(budget.take('a')).toBe(40);
    clock.now += 40;
    expect([budget.take('a'), budget.take('a')]).toEqual([0, 100]);
    clock.now += 10_000;
    expect([budget.take('a'), budget.take('a'), budget.take('a')]).toEqual([0, 0, 100]);
  });
});

describe('ChatChannel', () => {
  test('broadcasts lines within the budget and refuses the rest to the sender only', () => {
    const { clock, broadcasts, sent, channel } = recordingChannel();
    const speaker = { id: 's1', name: 'Sam', spectator: false };
    const results = Array.from({ length: CHAT_BURST + 2 }, (_, i) => channel.say(speaker, `line ${i}`));
    expect(results.filter(Boolean)).toHaveLength(CHAT_BURST);
    expect(broadcasts[0]).toEqual([
      ServerMessage.Chat,
      { fromId: 's1', from: 'Sam', text: 'line 0', spectator: false },
    ]);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual(['s1', ServerMessage.ChatRefused, { reason: 'rate', retryInMs: CHAT_REFILL_MS }]);
    clock.now += CHAT_REFILL_MS;
    expect(channel.say(speaker, 'later')).toBe(true);
  });

  test('feeds kills by name to their witnesses, one round-ending notice to all when the clock crosses it, and the winner', () => {
    const { broadcasts, witnessed, channel } = recordingChannel();
    const world = createWorld(5, { tickHz: 10, matchSeconds: ROUND_ENDING_NOTICE_SECONDS + 2 });
    const ann = addPlayer(world, 'a', 'Ann');
    const ben = addPlayer(world, 'b', 'Ben');
    ann.score = 7;
    // Ann sits on Ben, heavy enough to eat him, and Ben's spawn protection is over.
    ann.mass = 400;
    ben.x = ann.x;
    ben.y = ann.y;
    ben.shielded = false;
    const feed = () =>
      broadcasts.filter(([type]) => type === ServerMessage.Feed).map(([, event]) => event as FeedEvent);
    while (world.match.phase === 'playing') channel.announceStep(world, stepWorld(world, new Map()));
    expect(witnessed).toEqual([
      [['a', 'b'], ServerMessage.Feed, { kind: 'ate', eaterId: 'a', eater: 'Ann', preyId: 'b', prey: 'Ben' }],
    ]);
    expect(feed()).toEqual([
      { kind: 'round-ending', seconds: ROUND_ENDING_NOTICE_SECONDS },
      { kind: 'round-ended', round: 1, winner: 'Ann' },
    ]);
  });
});

describe('ChatChannel join and leave bursts', () => {
  /** A channel with a quiet world to step, and the room's broadcasts read as the lines a panel shows. */
  function burstChannel() {
    const recording = recordingChannel();
    const world = createWorld(5, { tickHz: 10, matchSeconds: 600 });
    const step = () => recording.channel.announceStep(world, createStepEvents());
    const lines = () =>
      recording.broadcasts.map(([type, payload]) =>
        type === ServerMessage.Chat
          ? `chat ${(payload as ChatLine).text}`
          : describeFeedEvent(payload as FeedEvent, ''),
      );
    return { ...recording, step, lines };
  }
  const joined = (i: number, bot = false): FeedEvent => ({ kind: 'joined', id: `p${i}`, name: `P${i}`, bot });
  const left = (i: number, bot = false): FeedEvent => ({ kind: 'left', id: `p${i}`, name: `P${i}`, bot });

  test('45 joins within 2 s read as two joins and one crowd line, and a chat line said meanwhile goes out at once', () => {
    const { clock, channel, step, lines, broadcasts } = burstChannel();
    for (let i = 0; i < 45; i++) {
      channel.feed(joined(i));
      if (i === 20) channel.say({ id: 'p0', name: 'P0', spectator: false }, 'hi all');
      clock.now += 2000 / 45;
      step();
    }
    expect(lines()).toEqual(['P0 joined', 'P1 joined', 'chat hi all']);
    clock.now += PRESENCE_BURST_MS;
    step();
    step();
    expect(lines()).toEqual(['P0 joined', 'P1 joined', 'chat hi all', 'P2, P3 and 41 others joined']);
    expect(broadcasts.at(-1)).toEqual([
      ServerMessage.Feed,
      { kind: 'crowd', change: 'joined', names: ['P2', 'P3'], count: 43, bots: 0 },
    ]);
  });

  test('a join after a quiet spell is told alone again, and leaves burst on their own, bots counted', () => {
    const { clock, channel, step, lines } = burstChannel();
    for (let i = 0; i < 4; i++) channel.feed(joined(i));
    clock.now += PRESENCE_BURST_MS;
    step();
    clock.now += PRESENCE_BURST_MS + 1;
    channel.feed(joined(9));
    for (let i = 0; i < 5; i++) channel.feed(left(i + 10, i > 0));
    clock.now += PRESENCE_BURST_MS;
    step();
    expect(lines()).toEqual([
      'P0 joined',
      'P1 joined',
      'P2 and P3 joined',
      'P9 joined',
      'P10 left',
      'P11 left (bot)',
      'P12, P13 and 1 other left (bots)',
    ]);
  });

  test('a player who joins and leaves while their join waits for the crowd line is told neither', () => {
    const { clock, channel, step, lines } = burstChannel();
    for (let i = 0; i < PRESENCE_TOLD_ALONE + 2; i++) channel.feed(joined(i));
    channel.feed(left(PRESENCE_TOLD_ALONE));
    clock.now += PRESENCE_BURST_MS;
    step();
    expect(lines()).toEqual(['P0 joined', 'P1 joined', 'P3 joined']);
  });
});
