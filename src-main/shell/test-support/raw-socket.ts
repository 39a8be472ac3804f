import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * Raw TCP and hand-built WebSocket frames: the `ws` client and fetch refuse to send the malformed
 * requests and frames these tests need (a bad request target, invalid UTF-8, reserved opcodes).
 */

/** Writes `request` as is and resolves with everything the server sends until it closes (or `waitMs`). */
export function rawRequest(port: number, request: string | Buffer, waitMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let response = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(response);
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk) => (response += chunk.toString('latin1')));
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? done() : reject(error)));
    socket.write(request);
  });
}

/** The status line's code of a raw HTTP response, or 0 when there was none. */
export const statusOf = (response: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);

export interface FrameOptions {
  readonly opcode: number;
  readonly payload?: Buffer;
  readonly fin?: boolean;
  /** The three RSV bits, 0–7. */
  readonly rsv?: number;
  /** Clients must mask; false sends a protocol violation. */
  readonly masked?: boolean;
  /** Announce this length instead of the payload's (to claim a frame over the limit). */
  readonly announcedLength?: number;
}

/** One WebSocket frame as a client sends it (RFC 6455 §5.2). */
export function frame({ opcode, payload = Buffer.alloc(0), fin = true, rsv = 0, masked = true, announcedLength }: FrameOptions): Buffer {
  const length = announcedLength ?? payload.length;
  const head = [((fin ? 1 : 0) << 7) | ((rsv & 7) << 4) | (opcode & 0x0f)];
  const maskBit = masked ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (length < 126) {
    head.push(maskBit | length);
  } else if (length < 65_536) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(length);
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt(length));
  }
  if (!masked) return Buffer.concat([Buffer.from(head), extended, payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] = (body[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return Buffer.concat([Buffer.from(head), extended, mask, body]);
}

export const textFrame = (text: string | Buffer): Buffer =>
  frame({ opcode: 0x1, payload: typeof text === 'string' ? Buffer.from(text) : text });

export interface RawWebSocket {
  readonly socket: Socket;
  send(bytes: Buffer): void;
  /** Resolves when the server closes the connection. */
  readonly closed: Promise<void>;
  /** Bytes the server sent after the handshake. */
  received(): Buffer;
}

/** Opens a WebSocket by hand; rejects with the status line when the server refuses the upgrade. */
export function rawWebSocket(port: number, headers: Readonly<Record<string, string>>, path = '/api'): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffered = Buffer.alloc(0);
    let upgraded = false;
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', () => undefined); // a reset shows as `closed`
    void closed.then(() => {
      if (!upgraded) reject(new Error(`closed before the upgrade: ${buffered.toString('latin1').split('\r\n')[0] ?? ''}`));
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (upgraded) return;
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffered.subarray(0, end).toString('latin1');
      if (!head.startsWith('HTTP/1.1 101')) {
        socket.destroy();
        reject(new Error(head.split('\r\n')[0]));
        return;
      }
      upgraded = true;
      buffered = buffered.subarray(end + 4);
      resolve({ socket, send: (bytes) => socket.write(bytes), closed, received: () => buffered });
    });
    const lines = [
      `GET ${path} HTTP/1.1`,
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}
