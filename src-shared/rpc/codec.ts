/**
 * JSON with typed arrays and ArrayBuffers, for transports that carry text (the shell's WebSocket).
 * Structured clone is not available across a socket, and JSON alone would turn a Float64Array
 * into an object of indices. Typed arrays travel as base64 of their bytes (little-endian hosts).
 */
const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedName = keyof typeof TYPED;

interface Tagged {
  $bw: TypedName | 'ArrayBuffer' | 'undefined' | 'NaN' | 'Infinity' | '-Infinity';
  b64?: string;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary);
}

function base64ToBytes(b64: string): Uint8Array {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (value === undefined) return { $bw: 'undefined' } satisfies Tagged;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return { $bw: Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity' } satisfies Tagged;
  }
  if (value instanceof ArrayBuffer) {
    return { $bw: 'ArrayBuffer', b64: bytesToBase64(new Uint8Array(value)) } satisfies Tagged;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name as TypedName;
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { $bw: name, b64: bytesToBase64(bytes) } satisfies Tagged;
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('$bw' in value)) return value;
  const tagged = value as Tagged;
  switch (tagged.$bw) {
    case 'undefined':
      return undefined;
    case 'NaN':
      return Number.NaN;
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
    case 'ArrayBuffer':
      return base64ToBytes(tagged.b64 ?? '').buffer as ArrayBuffer;
    default: {
      // Own keys only: a tag such as "constructor" must not reach Object's prototype.
      if (!Object.hasOwn(TYPED, tagged.$bw)) return value;
      const Ctor = TYPED[tagged.$bw];
      const bytes = base64ToBytes(tagged.b64 ?? '');
      return new Ctor(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
    }
  }
}

export function encode(value: unknown): string {
  return JSON.stringify(value, replacer);
}

export function decode(text: string): unknown {
  // A reviver is called for every value; most messages (trade lists) carry no tagged value at all.
  return text.includes('"$bw"') ? JSON.parse(text, reviver) : JSON.parse(text);
}
