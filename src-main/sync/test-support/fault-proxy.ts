import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP relay between the app and the test's Postgres server that can fail the way networks and
 * servers do: drop every connection (a server restart, a cut cable), refuse new ones (the server
 * is down), or keep connections open and stop passing bytes (a server that accepts, then hangs).
 */
export interface FaultProxy {
  readonly port: number;
  /** The server's URL with the proxy's host and port in it. */
  readonly url: string;
  /** Destroys every open connection (both sides). */
  dropAll(): void;
  /** Stops accepting (connections are refused) and drops every open one. */
  down(): Promise<void>;
  /** Accepts again, on the same port. */
  up(): Promise<void>;
  /** Connections stay open but no byte passes, either way, until `thaw()`. */
  freeze(): void;
  thaw(): void;
  /** Open connections through the proxy. */
  readonly open: number;
  close(): Promise<void>;
}

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 5432);
  const pairs = new Set<[Socket, Socket]>();
  let frozen = false;
  const held: Array<() => void> = [];
  const relay = (from: Socket, to: Socket) =>
    from.on('data', (chunk: Buffer) => {
      if (frozen) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
  const onConnection = (client: Socket) => {
    const upstream = connect(targetPort, target.hostname);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of pair) {
      socket.on('error', end);
      socket.on('close', end);
    }
    relay(client, upstream);
    relay(upstream, client);
  };
  let server: Server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(onConnection);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const dropAll = () => {
    for (const [a, b] of pairs) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
  };
  const proxied = new URL(targetUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return {
    port,
    url: proxied.toString(),
    dropAll,
    async down() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        dropAll();
      });
    },
    up: listen,
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const write of held.splice(0)) write();
    },
    get open() {
      return pairs.size;
    },
    async close() {
      dropAll();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

/** A server that accepts connections and never says a word: a Postgres that hangs at connect. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
