import { ARENA_ROOM } from '@orb-arena/shared';
import type { MatchSummary } from './Play.ts';
import type { Route } from './Router.ts';

/** What the results screen says, and where its main button leads. */
export interface ResultsView {
  heading: string;
  reason: string;
  /** The main button (#summary-again): its label and the route it opens. */
  again: { label: string; route: Route };
}

/**
 * The results screen for `summary`, the match just left (null: none), with `message`, why it was left.
 * A spectator only watched (play-test: it read "Match over" and "Play again" after watching a match
 * that was still on), so it is told it stopped watching and offered that room again.
 */
export function describeResults(summary: MatchSummary | null, message: string): ResultsView {
  const quickPlay: Route = { screen: 'play', mode: ARENA_ROOM };
  if (!summary)
    return { heading: 'No match', reason: message || 'No match to show.', again: { label: 'Play', route: quickPlay } };
  const reason = message || 'You left the match.';
  if (summary.spectating) {
    return {
      heading: 'Stopped watching',
      reason,
      again: { label: 'Watch again', route: { screen: 'spectate', room: summary.roomId } },
    };
  }
  return { heading: 'Match over', reason, again: { label: 'Play again', route: quickPlay } };
}
