import { CloseCode } from '@colyseus/sdk';
import { INPUT_SEND_EVERY_TICKS } from '@orb-arena/shared';
import { describe, expect, test, vi } from 'vitest';
import { metrics } from '../src/metrics.ts';
import { sendInputs, sendUntyped, useTestServer, waitForLeave, waitForPatches } from './harness.ts';

const server = useTestServer();

/** Scrapes /metrics and returns the value of one exact series line (name{labels}), or undefined. */
async function scrape(): Promise<{ text: string; value: (series: string) => number | undefined }> {
  const response = await fetch(`${server.endpoint}/metrics`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await response.text();
  return {
    text,
    value: (series) => {
      const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    },
  };
}

describe('GET /metrics after play', () => {
  test('counts rooms, players, ticks, patches, bytes, inputs and rejected messages, per process', async () => {
    metrics.setProcessLabel('test-a');
    const alice = await server.join({ name: 'alice' });
    const bob = await server.join({ name: 'bob' });
    await sendInputs(alice, { x: 1, y: 0 }, 10);
    const bobLeft = waitForLeave(bob);
    sendUntyped(bob, 'no-such-type', {});
    // An unknown type drops the sender (docs/security.md) and is counted as a rejected message.
    expect(await bobLeft).toBe(CloseCode.WITH_ERROR);
    await waitForPatches(alice, 3);

    const label = '{process="test-a"}';
    const during = await scrape();
    expect(during.value(`orb_rooms${label}`)).toBe(1);
    expect(during.value(`orb_players${label}`)).toBe(1);
    expect(during.value(`orb_tick_duration_seconds_count${label}`)).toBeGreaterThan(0);
    expect(during.value(`orb_patch_duration_seconds_count${label}`)).toBeGreaterThan(0);
    // Every patch after a room's first also measures the time since the one before.
    const intervals = during.value(`orb_patch_interval_seconds_count${label}`) ?? 0;
    expect(intervals).toBeGreaterThan(0);
    expect(intervals).toBeLessThan(during.value(`orb_patch_duration_seconds_count${label}`)!);
    expect(during.value('orb_sent_bytes_total{kind="patch",process="test-a"}')).toBeGreaterThan(0);
    expect(during.value('orb_sent_bytes_total{kind="state",process="test-a"}')).toBeGreaterThan(0);
    // Ten inputs travel in batches: one message per INPUT_SEND_EVERY_TICKS inputs, plus the join ack.
    expect(during.value(`orb_messages_received_total${label}`)).toBeGreaterThan(10 / INPUT_SEND_EVERY_TICKS);
    expect(during.value(`orb_inputs_applied_total${label}`)).toBeGreaterThanOrEqual(10);
    await vi.waitFor(async () =>
      expect(
        (await scrape()).value('orb_messages_rejected_total{type="unknown",reason="unknown_type",process="test-a"}'),
      ).toBe(1),
    );
    // Node's default process metrics come along, with the same label.
    expect(during.value(`process_cpu_seconds_total${label}`)).toBeGreaterThan(0);
    expect(during.text).toMatch(/^nodejs_eventloop_lag_p99_seconds\{process="test-a"\} /m);
    expect(during.text).toContain('# TYPE orb_tick_duration_seconds histogram');

    await alice.leave();
    await vi.waitFor(async () => expect((await scrape()).value(`orb_players${label}`)).toBe(0));
  });
});
