import { randomInt } from 'node:crypto';
import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH } from '@orb-arena/shared';

/** A fresh random private room code (ROOM_CODE_LENGTH characters of ROOM_CODE_ALPHABET). */
export function generateRoomCode(): string {
  let code = '';
  for (let i = 0; i < ROOM_CODE_LENGTH; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return code;
}

/**
 * A room code no room in the matchmaker uses (in any process: `isTaken` asks the driver). Codes are
 * sparse (about 887 million), so a retry is rare and a tenth try means something is broken.
 */
export async function claimRoomCode(isTaken: (code: string) => Promise<boolean>): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const code = generateRoomCode();
    if (!(await isTaken(code))) return code;
  }
  throw new Error('could not find a free private room code in 10 tries');
}
