import { CloseCode, type Client } from '@colyseus/core';
import { describeIssues } from '@orb-arena/shared';
import type { z } from 'zod';
import { metrics } from '../metrics.ts';
import { kickSocket } from './WireGuard.ts';

/**
 * A message handler behind a zod schema, like Colyseus's `validate()`, but a payload that fails drops
 * the sender through the wire guard: one folded log line (session, address, what was wrong) instead
 * of Colyseus's stack trace per bad message, counted, and the seat freed at once. The handler gets
 * the parsed (cleaned) value.
 */
export function checked<S extends z.ZodType, C extends Client>(
  type: string,
  schema: S,
  handler: (client: C, message: z.output<S>) => void,
): (client: C, payload: unknown) => void {
  return (client, payload) => {
    const parsed = schema.safeParse(payload);
    if (parsed.success) return handler(client, parsed.data);
    metrics.countRejected(type, 'invalid');
    const detail = `"${type}": ${describeIssues(parsed.error.issues)}`;
    if (!kickSocket(client.ref, 'invalid-message', detail)) client.leave(CloseCode.WITH_ERROR);
  };
}
