/**
 * Sizes on the browser shell's WebSocket, chosen together: the largest message a client sends is
 * an upload chunk, which the codec carries as base64 (4 bytes for every 3) inside a small JSON
 * envelope. A 1 MiB chunk is about 1.4 MB on the wire, so 2 MiB per message leaves room for the
 * envelope and refuses anything bigger before it is buffered.
 */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

/** The largest WebSocket message the shell accepts (the `ws` server's maxPayload). */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
