import type { ArenaConnection } from './ArenaConnection.ts';

/**
 * Closing the tab or navigating away is a leave by choice: tell the server at once (a consented
 * leave), so the orb does not linger on the leaderboard for the reconnection window that a real
 * network drop gets. Returns a function that removes the listener.
 */
export function leaveOnPageHide(connection: ArenaConnection): () => void {
  const onPageHide = () => {
    if (connection.status === 'connected') void connection.leave();
  };
  window.addEventListener('pagehide', onPageHide);
  return () => window.removeEventListener('pagehide', onPageHide);
}
