import type { Socket } from 'node:net';
import WebSocket from 'ws';
import {
  ARENA_ROOM,
  INPUTS_PER_MESSAGE,
  INPUT_FRAME_MAX_BYTES,
  INPUT_FRAME_PREFIX_BYTES,
  INPUT_SEND_HZ,
  TICK_HZ,
  buildMoveInput,
  encodeInputFrame,
  type MoveInput,
} from '@orb-arena/shared';

/*
 * The raw light bot: a player that costs the load generator almost nothing. It signs in as a guest and
 * matchmakes over HTTP like the SDK, opens the room's WebSocket with the plain `ws` package, answers the
 * Colyseus join handshake, then sends pre-encoded input frames (only the sequence numbers are rewritten
 * in place) and counts what arrives without decoding it. The server cannot tell it from a browser: it
 * holds a seat, a player and a view, and moves.
 */

/** Colyseus protocol codes this bot reads or writes (`@colyseus/shared-types` Protocol). */
const PROTOCOL_JOIN_ROOM = 10;
const PROTOCOL_ERROR = 11;
const PROTOCOL_LEAVE_ROOM = 12;
const PROTOCOL_ROOM_STATE = 14;
const PROTOCOL_ROOM_STATE_PATCH = 15;
/** The low five bits of the first byte are the code; the high three are modifiers (e.g. TIMED). */
const PROTOCOL_CODE_MASK = 0x1f;
/** The join acknowledgement the SDK sends once it has the JOIN_ROOM handshake. */
const JOIN_ACK = Buffer.from([PROTOCOL_JOIN_ROOM]);
const LEAVE = Buffer.from([PROTOCOL_LEAVE_ROOM]);

/** A client's WebSocket frame header for a binary message of up to 125 bytes: FIN + binary, MASK + length, 4-byte key. */
const WS_FIN_BINARY = 0x82;
const WS_MASKED = 0x80;
const WS_CLIENT_HEADER_BYTES = 6;

/** Seconds between a raw bot's changes of direction. */
const TURN_EVERY_SECONDS = 2;
/** Directions a raw bot wanders in (one pre-encoded frame each). */
const HEADINGS = 16;
/** Largest input frame a format may write, bytes. */
const MAX_FRAME_BYTES = INPUT_FRAME_MAX_BYTES;
// sendFrame writes the 7-bit length form of the WebSocket header only.
if (MAX_FRAME_BYTES > 125) throw new Error(`input frames of ${MAX_FRAME_BYTES} bytes need a longer WebSocket header`);

/**
 * How inputs go on the wire: what the SDK client sends, reproduced byte for byte. The raw bot encodes a
 * frame once per heading and afterwards only rewrites its sequence numbers.
 */
export interface InputFrameFormat {
  readonly name: string;
  /** Frames a client sends per second. */
  readonly sendHz: number;
  /** Inputs (ticks) each frame carries; a frame repeats the newest ones, so this may exceed ticksPerFrame. */
  readonly inputsPerFrame: number;
  /** Complete WebSocket message for the first `count` of `inputs`, numbered from `firstSeq`; returns its length. */
  encode(out: Uint8Array, batch: { firstSeq: number; inputs: ArrayLike<MoveInput>; count: number }): number;
  /** Rewrites in place the sequence numbers of a full frame (inputsPerFrame inputs) from encode(). */
  patchSequence(frame: Uint8Array, firstSeq: number): void;
}

/**
 * The batched input message (shared/src/protocol/inputBatch.ts): every INPUT_SEND_EVERY_TICKS ticks,
 * the last INPUTS_PER_MESSAGE inputs with the first one's sequence number, as a bytes message.
 */
export const BATCH_INPUT_FORMAT: InputFrameFormat = {
  name: `input batch: ${INPUTS_PER_MESSAGE} inputs per message at ${INPUT_SEND_HZ} Hz`,
  sendHz: INPUT_SEND_HZ,
  inputsPerFrame: INPUTS_PER_MESSAGE,
  encode(out, { firstSeq, inputs, count }) {
    return encodeInputFrame(out, firstSeq, inputs, count);
  },
  patchSequence(frame, firstSeq) {
    // firstSeq is the payload's leading uint32, little-endian, right after the message prefix.
    new DataView(frame.buffer, frame.byteOffset, frame.byteLength).setUint32(INPUT_FRAME_PREFIX_BYTES, firstSeq, true);
  },
};

/** The format this checkout's server reads, which the bench's raw bots send. */
export const BENCH_INPUT_FORMAT: InputFrameFormat = BATCH_INPUT_FORMAT;

/** Ticks of input a frame of `format` advances by. */
export function ticksPerFrame(format: InputFrameFormat): number {
  return Math.max(1, Math.round(TICK_HZ / format.sendHz));
}

/** The heading a bot steers at frame `frame`: seeded, changing every TURN_EVERY_SECONDS. */
export function headingAt(seed: number, frame: number, sendHz: number): number {
  const turn = Math.floor(frame / (TURN_EVERY_SECONDS * sendHz)) + seed * 7919;
  return (((turn * 2654435761) >>> 0) % HEADINGS) >>> 0;
}

/** The full-batch frame of every heading of a format, encoded once per process and copied per bot. */
const templates = new WeakMap<InputFrameFormat, Uint8Array[]>();
function headingFrames(format: InputFrameFormat): Uint8Array[] {
  let frames = templates.get(format);
  if (!frames) {
    frames = Array.from({ length: HEADINGS }, (_, heading) => {
      const out = new Uint8Array(MAX_FRAME_BYTES);
      const inputs = Array.from({ length: format.inputsPerFrame }, () => headingInput(heading));
      const length = format.encode(out, { firstSeq: 1, inputs, count: format.inputsPerFrame });
      return out.slice(0, length);
    });
    templates.set(format, frames);
  }
  return frames;
}

/**
 * A wandering player's input frames, as the shared InputBatcher would send them: one input per tick,
 * the heading changing every TURN_EVERY_SECONDS (seeded). A steady frame is the heading's template with
 * only its first sequence number rewritten; the few frames that still repeat inputs of the previous
 * heading (or carry fewer than a full batch) are encoded afresh.
 */
export class InputStream {
  /** Newest input sequence number handed out. */
  lastSeq = 0;
  private frame: Uint8Array = new Uint8Array(0);
  private heading = -1;
  private previous: MoveInput = { x: 0, y: 0 };
  /** First seq steered at the current heading. */
  private changedAt = 1;
  private frameIndex = 0;
  private readonly step: number;
  private readonly scratch = new Uint8Array(MAX_FRAME_BYTES);
  private readonly mixed: MoveInput[] = [];

  constructor(
    private readonly format: InputFrameFormat,
    private readonly seed: number,
  ) {
    this.step = ticksPerFrame(format);
  }

  /** The next frame to send; valid until the next call (ws copies a frame when it sends it). */
  next(): Uint8Array {
    const { format } = this;
    const heading = headingAt(this.seed, this.frameIndex++, format.sendHz);
    const firstNew = this.lastSeq + 1;
    this.lastSeq += this.step;
    if (heading !== this.heading) {
      if (this.heading >= 0) this.previous = headingInput(this.heading);
      this.heading = heading;
      this.changedAt = firstNew;
      this.frame = headingFrames(format)[heading]!.slice();
    }
    const count = Math.min(format.inputsPerFrame, this.lastSeq);
    const firstSeq = this.lastSeq - count + 1;
    if (count === format.inputsPerFrame && firstSeq >= this.changedAt) {
      format.patchSequence(this.frame, firstSeq);
      return this.frame;
    }
    const steer = headingInput(heading);
    for (let i = 0; i < count; i++) this.mixed[i] = firstSeq + i >= this.changedAt ? steer : this.previous;
    return this.scratch.subarray(0, format.encode(this.scratch, { firstSeq, inputs: this.mixed, count }));
  }
}

/** The wire input of heading `heading` (HEADINGS evenly spaced directions). */
export function headingInput(heading: number): MoveInput {
  const angle = (heading / HEADINGS) * 2 * Math.PI;
  return buildMoveInput(Math.cos(angle), Math.sin(angle));
}

/** A seat reserved by the matchmaker (the fields of Colyseus's seat reservation a client uses). */
export interface SeatReservation {
  name: string;
  roomId: string;
  sessionId: string;
  processId: string;
  publicAddress?: string;
}

/** Signs in as a new guest (`POST /auth/anonymous`, as the SDK's signInAnonymously) and returns its token. */
export async function guestToken(endpoint: string): Promise<string> {
  const body = await postJson(`${endpoint}/auth/anonymous`, { options: {} });
  const token = (body as { token?: unknown }).token;
  if (typeof token !== 'string') throw new Error(`sign-in answered without a token: ${JSON.stringify(body)}`);
  return token;
}

/** Reserves a seat through the matchmaking route, as the SDK's joinOrCreate does before it connects. */
export async function reserveSeat(
  endpoint: string,
  token: string,
  join: { room: string; options: Record<string, unknown> },
): Promise<SeatReservation> {
  const body = (await postJson(`${endpoint}/matchmake/joinOrCreate/${join.room}`, join.options, token)) as
    Partial<SeatReservation> | { error?: string; code?: number };
  if (!('roomId' in body) || !body.roomId || !body.sessionId || body.processId === undefined) {
    throw new Error(`matchmaking refused: ${JSON.stringify(body)}`);
  }
  return body as SeatReservation;
}

/** The room's WebSocket URL for a seat, built as the SDK's buildEndpoint builds it. */
export function roomSocketUrl(endpoint: string, seat: SeatReservation, token: string): string {
  const http = new URL(endpoint);
  const scheme = http.protocol === 'https:' ? 'wss' : 'ws';
  const host = seat.publicAddress ?? `${http.host}${http.pathname.replace(/\/$/, '')}`;
  return `${scheme}://${host}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}&_authToken=${token}`;
}

async function postJson(url: string, body: unknown, token?: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      ...(token && { Authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${new URL(url).pathname}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as unknown;
}

export interface RawBotOptions {
  /** Nickname (join option `name`). */
  name: string;
  /** Seeds the wandering. */
  seed: number;
  format: InputFrameFormat;
  /** Room type to join. @default ARENA_ROOM */
  room?: string;
  /** Gives up joining after this long, ms. @default 20000 */
  timeoutMs?: number;
  /** Called after each full state or patch arrives (undecoded), e.g. for a test to wait on. */
  onPatch?: () => void;
}

/**
 * One raw player. join() resolves once the server's JOIN_ROOM handshake is acknowledged; then call
 * sendFrame() at `format.sendHz` (one timer for all bots is far cheaper than one each).
 */
export class RawBot {
  bytesReceived = 0;
  messagesReceived = 0;
  /** Full states and patches received (counted by protocol code, never decoded). */
  patches = 0;
  framesSent = 0;
  errors: string[] = [];
  readonly inputs: InputStream;

  /** The TCP socket under the WebSocket, once open. */
  private wire!: Socket;

  private constructor(
    private readonly socket: WebSocket,
    readonly seat: SeatReservation,
    private readonly options: RawBotOptions,
  ) {
    this.inputs = new InputStream(options.format, options.seed);
  }

  static async join(endpoint: string, options: RawBotOptions): Promise<RawBot> {
    const token = await guestToken(endpoint);
    const seat = await reserveSeat(endpoint, token, {
      room: options.room ?? ARENA_ROOM,
      options: { name: options.name },
    });
    const socket = new WebSocket(roomSocketUrl(endpoint, seat, token), { perMessageDeflate: false });
    const bot = new RawBot(socket, seat, options);
    await bot.handshake(options.timeoutMs ?? 20_000);
    return bot;
  }

  get sessionId(): string {
    return this.seat.sessionId;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Counts every message; acknowledges the JOIN_ROOM handshake; resolves once joined. */
  private handshake(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let joined = false;
      const timer = setTimeout(() => fail(new Error(`no JOIN_ROOM within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        if (joined) return;
        this.socket.terminate();
        reject(error);
      };
      this.socket.on('error', (error) => {
        this.recordError(error.message);
        fail(error);
      });
      this.socket.on('close', (code) => fail(new Error(`socket closed (${code}) before the join`)));
      this.socket.on('message', (data: Buffer) => {
        this.bytesReceived += data.length;
        this.messagesReceived++;
        const code = data[0]! & PROTOCOL_CODE_MASK;
        if (code === PROTOCOL_ROOM_STATE_PATCH || code === PROTOCOL_ROOM_STATE) {
          this.patches++;
          this.options.onPatch?.();
        } else if (code === PROTOCOL_JOIN_ROOM && !joined) {
          joined = true;
          clearTimeout(timer);
          this.wire = (this.socket as unknown as { _socket: Socket })._socket;
          this.socket.send(JOIN_ACK);
          resolve();
        } else if (code === PROTOCOL_ERROR) {
          const error = `room error frame of ${data.length} bytes`;
          this.recordError(error);
          fail(new Error(error));
        } else if (code === PROTOCOL_LEAVE_ROOM) this.socket.close();
      });
    });
  }

  /**
   * Sends the next input frame (call at format.sendHz). It goes to the TCP socket as a finished
   * WebSocket frame, past ws's sender: the profile of a generator holding 300 raw bots spent about a
   * fifth of its busy time in ws's per-send framing, masking and stream bookkeeping. The frame is
   * masked, as a client's must be, with an all-zero key (RFC 6455 lets a server not care which key),
   * so the payload goes as it is. Each send is its own small buffer: a congested socket keeps a
   * reference to what it could not write yet.
   */
  sendFrame(): void {
    if (!this.isOpen) return;
    const payload = this.inputs.next();
    const frame = Buffer.allocUnsafe(WS_CLIENT_HEADER_BYTES + payload.length);
    frame[0] = WS_FIN_BINARY;
    frame[1] = WS_MASKED | payload.length;
    frame.writeUInt32LE(0, 2);
    frame.set(payload, WS_CLIENT_HEADER_BYTES);
    this.wire.write(frame);
    this.framesSent++;
  }

  /** Leaves as the SDK's consented leave() does, and resolves once the socket closed (or after 2 s). */
  leave(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 2000);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.isOpen) this.socket.send(LEAVE);
      else this.socket.terminate();
    });
  }

  private recordError(message: string): void {
    if (this.errors.length < 5) this.errors.push(message);
  }
}
