import { describe, expect, it } from 'vitest';
import { PatchPacer, nextDeadline } from '../src/rooms/PatchPacer.ts';

const PERIOD_MS = 40;

/** Blocks the event loop, as a burst of joins or a major GC does. */
function stallLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('PatchPacer', () => {
  it('puts deadlines on the schedule phase + k × period, after now', () => {
    expect(nextDeadline(95, 40, 10)).toBe(130);
    expect(nextDeadline(130, 40, 10)).toBe(170);
    expect(nextDeadline(0, 50, 25)).toBe(25);
  });

  it('keeps two rooms half a period apart after the event loop stalls (intervals would merge)', async () => {
    const sends: { room: 'a' | 'b'; at: number }[] = [];
    let stallEndedAt = Infinity;
    const pacers: PatchPacer[] = [];
    await new Promise<void>((resolve) => {
      const record = (room: 'a' | 'b') => {
        sends.push({ room, at: performance.now() });
        if (sends.length === 4) {
          stallLoop(3 * PERIOD_MS);
          stallEndedAt = performance.now();
        }
        if (sends.filter((send) => send.at > stallEndedAt).length >= 10) resolve();
      };
      pacers.push(new PatchPacer(PERIOD_MS, () => record('a'), 0), new PatchPacer(PERIOD_MS, () => record('b'), 0.5));
      pacers.forEach((pacer) => pacer.start());
    });
    pacers.forEach((pacer) => pacer.stop());

    // Right after the stall both rooms are late together; from then on each room's patch comes on its
    // own phase, the other room's last send about half a period before it.
    const after = sends.filter((send) => send.at > stallEndedAt).slice(2);
    expect(after.map((send) => send.room).join('')).toMatch(/^(ab)+a?$|^(ba)+b?$/);
    const gaps = after.slice(1).map((send, i) => send.at - after[i]!.at);
    // Merged intervals would fire back to back (well under a millisecond apart); paced ones 20 ms apart.
    expect(gaps.filter((gap) => gap > PERIOD_MS / 8).length).toBeGreaterThanOrEqual(gaps.length - 1);
  });

  it('sends no more patches once stopped', async () => {
    let sent = 0;
    const pacer = new PatchPacer(5, () => {
      sent += 1;
      if (sent === 3) pacer.stop();
    });
    pacer.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sent).toBe(3);
  });
});
