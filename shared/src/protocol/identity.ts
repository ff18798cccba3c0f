import { z } from 'zod';

/** Prefix of a guest player id ("g_" + 21 url-safe characters). */
export const GUEST_ID_PREFIX = 'g_';

/** A player id as the server issues it in a guest token: stable across visits, never chosen by a client. */
export const PlayerId = z
  .string()
  .regex(/^g_[A-Za-z0-9_-]{21}$/, 'player id must be "g_" followed by 21 url-safe characters');
export type PlayerId = z.infer<typeof PlayerId>;

/** The claims of a guest token (a JWT signed by the server; `exp`/`iat` are added by the signer). */
export const GuestClaims = z.object({
  id: PlayerId,
  guest: z.literal(true),
});
export type GuestClaims = z.infer<typeof GuestClaims>;
