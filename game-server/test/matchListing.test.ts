import { addPlayer, createWorld, QUICK_PLAY_MIN_SECONDS_LEFT, stepWorld, type MatchListing } from '@orb-arena/shared';
import { describe, expect, test } from 'vitest';
import { describeMatch, MatchListingPublisher } from '../src/rooms/MatchListingPublisher.ts';

const TICK_HZ = 10;
const FIXED = { mode: 'blitz' as const, maxPlayers: 12 };

function worldOf(matchSeconds: number) {
  return createWorld(1, { tickHz: TICK_HZ, matchSeconds, resultsSeconds: 5, orbCount: 0 });
}

function runTicks(world: ReturnType<typeof worldOf>, ticks: number): void {
  for (let i = 0; i < ticks; i++) stepWorld(world, new Map());
}

describe('describeMatch', () => {
  test('closes the room to quick play exactly when QUICK_PLAY_MIN_SECONDS_LEFT or less are left', () => {
    const world = worldOf(QUICK_PLAY_MIN_SECONDS_LEFT + 2);
    expect(describeMatch(world, FIXED, 0).quickPlay).toBe(true);
    runTicks(world, TICK_HZ); // 21 s left
    expect(describeMatch(world, FIXED, 0).quickPlay).toBe(true);
    runTicks(world, TICK_HZ); // 20 s left
    expect(describeMatch(world, FIXED, 0).quickPlay).toBe(false);
  });

  test('reopens it in the results phase, and dates the phase end on the wall clock', () => {
    const world = worldOf(3);
    runTicks(world, 3 * TICK_HZ);
    const listing = describeMatch(world, FIXED, 1_000_000);
    expect(listing).toMatchObject({ phase: 'results', round: 1, quickPlay: true, mode: 'blitz', maxPlayers: 12 });
    expect(listing.phaseEndsAt).toBe(1_000_000 + 5000);
  });
});

describe('MatchListingPublisher', () => {
  test('writes the metadata only when something the lobby shows changed', () => {
    const written: MatchListing[] = [];
    const publisher = new MatchListingPublisher(
      { roomId: 'r', setMetadata: (meta) => Promise.resolve(void written.push(meta)) },
      FIXED,
    );
    const world = worldOf(60);
    publisher.update(world, 0);
    runTicks(world, TICK_HZ);
    publisher.update(world, 1000); // only time passed
    expect(written).toHaveLength(1);
    addPlayer(world, 'p', 'p');
    publisher.update(world, 1000);
    expect(written.map((listing) => listing.players)).toEqual([0, 1]);
  });
});
