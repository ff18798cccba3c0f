import {
  CHAT_BURST,
  CHAT_REFILL_MS,
  ROUND_ENDING_NOTICE_SECONDS,
  ServerMessage,
  addPlayer,
  createWorld,
  stepWorld,
  type FeedEvent,
} from '@orb-arena/shared';
import { describe, expect, test } from 'vitest';
import { ChatChannel } from '../src/rooms/ChatChannel.ts';
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
