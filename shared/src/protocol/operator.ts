import { z } from 'zod';

/** Server → client message: an operator's announcement to every player on every process. */
export const ANNOUNCE_MESSAGE = 'announce';

/** Longest announcement, characters (one banner line). */
export const ANNOUNCEMENT_MAX_LENGTH = 200;

/** Body of POST /admin/announce, and the payload of ANNOUNCE_MESSAGE. */
export const Announcement = z.object({
  text: z.string().trim().min(1, 'text must not be empty').max(ANNOUNCEMENT_MAX_LENGTH),
});
export type Announcement = z.infer<typeof Announcement>;
