import { createServer, type AddressInfo, type Server } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';

/*
 * PGlite is one Postgres backend. @electric-sql/pglite-socket's own server accepts several
 * connections but queues their protocol messages one by one, so two clients' extended-protocol
 * exchanges (Parse, Bind, Execute, Sync) interleave on the one backend and corrupt each other
 * ("unnamed prepared statement does not exist", rows of the wrong query): measured with 200
 * concurrent parameterised queries through pg.Pool. This queue, used with the package's own
 * per-socket protocol handler, gives the backend to one connection from its first message until
 * the backend is ready for a query again outside a transaction (ReadyForQuery 'I'), so each
 * exchange and each transaction runs whole. Connections are then serialized, never interleaved:
 * the tests that need truly parallel backends (the pool under load) say so where they run.
 */

interface Pending {
  readonly handlerId: number;
  readonly message: Uint8Array;
  readonly onData: (data: Uint8Array) => void;
  readonly resolve: (bytes: number) => void;
  readonly reject: (error: Error) => void;
}

const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'

/** The status byte of the last ReadyForQuery in a backend's reply, read across chunk boundaries. */
class ReadyScanner {
  private buffer = Buffer.alloc(0);
  status: number | null = null;
  push(chunk: Uint8Array): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 5) {
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < 1 + length) return;
      this.status = this.buffer[0] === READY_FOR_QUERY ? this.buffer[5] : null;
      this.buffer = this.buffer.subarray(1 + length);
    }
  }
}

class ExchangeQueue {
  private owner: number | null = null;
  private waiting: Pending[] = [];
  private pumping = false;
  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ handlerId, message, onData, resolve, reject });
      void this.pump();
    });
  }

  private next(): Pending | undefined {
    const index = this.owner === null ? 0 : this.waiting.findIndex((p) => p.handlerId === this.owner);
    return index < 0 ? undefined : this.waiting.splice(index, 1)[0];
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        this.owner = item.handlerId;
        const scanner = new ReadyScanner();
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                scanner.push(data);
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          item.reject(error as Error);
          continue;
        }
        if (scanner.status === IDLE) this.owner = null;
        item.resolve(bytes);
      }
    } finally {
      this.pumping = false;
    }
  }

  getQueueLength(): number {
    return this.waiting.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.waiting = this.waiting.filter((p) => {
      if (p.handlerId !== handlerId) return true;
      p.reject(new Error('connection closed'));
      return false;
    });
  }

  /** A connection that went away mid-transaction: roll it back and let the others in. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    void this.pump();
  }
}

export interface PgliteServer {
  readonly url: string;
  readonly version: string;
  close(): Promise<void>;
}

/** An in-memory PGlite served on 127.0.0.1 (a free port) to any Postgres client. */
export async function startPgliteServer(): Promise<PgliteServer> {
  const db = await PGlite.create();
  const queue = new ExchangeQueue(db);
  const handlers = new Set<PGLiteSocketHandler>();
  const server: Server = createServer((socket) => {
    // The queue honours the handler's contract (enqueue, clearQueueForHandler, clearTransactionIfNeeded).
    const handler = new PGLiteSocketHandler({ queryQueue: queue as never, closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    handler.attach(socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const version = ((await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '?').split(' ')[0];
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    async close() {
      for (const handler of handlers) await handler.detach(true);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
