import { Decoder, StateView, type Encoder } from '@colyseus/schema';
import { ArenaState } from './ArenaState.ts';

/*
 * For tests of what reaches a client: the encoder side the way a room drives it, each client a real
 * StateView and Decoder. Not exported from the package index (tests import this file directly).
 */

/** A client as the encoder sees it: its view, and the decoder holding what it received. */
export interface TestClient {
  view: StateView;
  decoder: Decoder<ArenaState>;
}

/** A client with an empty view and an empty state. */
export const connect = (): TestClient => ({ view: new StateView(), decoder: new Decoder(new ArenaState()) });

/** One patch, the way the room sends it: a shared encode, then one view pass per client. */
export function sendPatch(encoder: Encoder<ArenaState>, clients: TestClient[]): void {
  const it = { offset: 0 };
  encoder.encode(it);
  const sharedOffset = it.offset;
  for (const client of clients) client.decoder.decode(encoder.encodeView(client.view, sharedOffset, it));
  encoder.discardChanges();
}

/** The full state a joining client receives, filtered through its view. */
export function sendFullState(encoder: Encoder<ArenaState>, client: TestClient): void {
  const it = { offset: 0 };
  encoder.encodeAll(it);
  client.decoder.decode(encoder.encodeAllView(client.view, it.offset, it));
}
