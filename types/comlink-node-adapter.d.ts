// comlink ships the node adapter's types as dist/esm/node-adapter.d.ts, which does not map onto
// the .mjs path we import (the package has no "exports" map). Mirrors that file.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  export interface NodeEndpoint {
    // `any` as in comlink's own declaration: it must accept node's overloaded MessagePort/Worker.
    postMessage(message: any, transfer?: any[]): void;
    on(type: string, listener: (...args: any[]) => void, options?: object): void;
    off(type: string, listener: (...args: any[]) => void, options?: object): void;
    start?: () => void;
  }
  export default function nodeEndpoint(nep: NodeEndpoint): Endpoint;
}
