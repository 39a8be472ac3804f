import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { SNIFF_BYTES } from './sniff';

export type Encoding = 'utf-8' | 'utf-16le';

export interface Sample {
  readonly text: string;
  /** The sample is the whole file. */
  readonly complete: boolean;
  readonly encoding: Encoding;
  readonly size: number;
}

function encodingOf(head: Uint8Array): Encoding {
  return head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : 'utf-8';
}

/** The first 64 KB of a file, decoded (BOM removed). */
export async function readSample(path: string, bytes = SNIFF_BYTES): Promise<Sample> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(bytes, size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    const encoding = encodingOf(head);
    const text = new TextDecoder(encoding, { ignoreBOM: false }).decode(head, { stream: bytesRead < size });
    return { text, complete: bytesRead >= size, encoding, size };
  } finally {
    await handle.close();
  }
}

/** The file as decoded text pieces, streamed (never the whole file in memory). */
export async function* readText(
  path: string,
  encoding: Encoding,
  onBytes: (bytes: number) => void,
  chunkBytes = 1 << 20,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { ignoreBOM: false });
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    stream.destroy();
  }
}

/** The file as raw byte chunks, streamed (the fast path reads UTF-8 bytes without decoding them). */
export async function* readBytes(path: string, onBytes: (bytes: number) => void, chunkBytes = 1 << 20): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      yield chunk;
    }
  } finally {
    stream.destroy();
  }
}
