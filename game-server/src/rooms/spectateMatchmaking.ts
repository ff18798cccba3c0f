import { ErrorCode as ColyseusErrorCode, ServerError, matchMaker, type AuthContext, type Room } from '@colyseus/core';
import { SPECTATE_METHOD } from '@orb-arena/shared';

type InvokeMethod = typeof matchMaker.controller.invokeMethod;

/**
 * Adds the `spectate` matchmaking method: `POST /matchmake/spectate/<roomId>` with the join options
 * reserves a spectator seat in that room and answers with a seat reservation, like `joinById`, except
 * that a locked room (its player seats are full) can still be watched. The room's own onAuth runs
 * first, exactly as for the built-in methods, and the room's seat policy (seatPolicy.ts) still caps
 * spectators. Works across processes: the listing comes from the matchmaker's driver and the seat is
 * reserved through the room's process. The matchmaker's controller is process-wide, so this installs
 * once per process; calling it again does nothing.
 */
export function installSpectateMethod(): void {
  const controller = matchMaker.controller;
  if (controller.exposedMethods.includes(SPECTATE_METHOD)) return;
  controller.exposedMethods.push(SPECTATE_METHOD);
  const invoke: InvokeMethod = controller.invokeMethod.bind(controller);
  // The controller's own signature (four positional parameters), wrapped.
  controller.invokeMethod = async (...args: Parameters<InvokeMethod>): Promise<unknown> => {
    const [method, roomId, , authContext] = args;
    if (method !== SPECTATE_METHOD) return (await invoke(...args)) as unknown;
    try {
      return await reserveSpectatorSeat(roomId, args[2] as Record<string, unknown> | undefined, authContext);
    } catch (error) {
      const { code, message } = error as { code?: number; message?: string };
      throw new ServerError(code ?? ColyseusErrorCode.MATCHMAKE_UNHANDLED, message ?? String(error));
    }
  };
}

async function reserveSpectatorSeat(
  roomId: string,
  clientOptions: Record<string, unknown> = {},
  authContext?: AuthContext,
): Promise<matchMaker.ISeatReservation> {
  const listing = await matchMaker.driver.findOne({ roomId });
  if (!listing) {
    throw new ServerError(ColyseusErrorCode.MATCHMAKE_INVALID_ROOM_ID, `room "${roomId}" not found`);
  }
  const options = { ...clientOptions, spectate: true };
  const authData = await authenticate(listing.name, options, authContext);
  try {
    return await matchMaker.reserveSeatFor(listing, options, authData);
  } catch {
    throw new ServerError(ColyseusErrorCode.MATCHMAKE_INVALID_ROOM_ID, `room "${roomId}" has no spectator seat free`);
  }
}

/** The room type's static onAuth, called the way the matchmaker calls it for its own methods. */
async function authenticate(roomName: string, options: unknown, authContext?: AuthContext): Promise<unknown> {
  const roomClass = matchMaker.getRoomClass(roomName) as unknown as { onAuth?: typeof Room.onAuth } | undefined;
  const onAuth = roomClass?.onAuth;
  if (!onAuth || !authContext) return undefined;
  const result: unknown = await onAuth(authContext.token ?? '', options, authContext);
  if (result === false || result === null || result === undefined) {
    throw new ServerError(ColyseusErrorCode.AUTH_FAILED, 'onAuth failed');
  }
  return result === true ? undefined : result;
}
