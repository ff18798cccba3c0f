import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH } from '@orb-arena/shared';
import { formatRoute } from './Router.ts';
import { element } from './dom.ts';

/** True if `roomId` is a private room's code (public rooms have longer ids from Colyseus). */
export function isRoomCode(roomId: string): boolean {
  return roomId.length === ROOM_CODE_LENGTH && [...roomId].every((c) => ROOM_CODE_ALPHABET.includes(c));
}

/** The corner panel in a private room: its code and a button that copies the link friends open. */
export class RoomShare {
  private readonly root = element('room-share');
  private readonly code = element('room-code');
  private readonly copy = element<HTMLButtonElement>('room-copy');
  private link = '';

  constructor() {
    this.copy.addEventListener('click', () => {
      navigator.clipboard?.writeText(this.link).then(
        () => (this.copy.textContent = 'Copied'),
        () => (this.copy.textContent = this.link),
      );
    });
  }

  /** Shows the panel for a private room; hides it for a public one. */
  show(roomId: string): void {
    this.root.hidden = !isRoomCode(roomId);
    this.code.textContent = roomId;
    this.link = `${location.origin}${formatRoute({ screen: 'play', room: roomId }, location.search)}`;
    this.copy.textContent = 'Copy link';
  }

  hide(): void {
    this.root.hidden = true;
  }
}
