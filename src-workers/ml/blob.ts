import { BarwiseError } from '../../src-shared/errors';
import { modelConfigSchema, type ModelConfig } from '../../src-shared/ml/config';
import type { Link, Predictor } from './model';

/**
 * A trained model as bytes (docs/ml.md#the-model-blob), what SQLite stores and `ml.predict` takes:
 *
 *   "BWML"  u32 format  u32 header length  header (UTF-8 JSON)  zero padding to 8 bytes
 *   then each typed array's bytes, little-endian, each starting on a multiple of 8.
 *
 * The header holds the trainer version, the whole ModelConfig (features, target…), the columns
 * in the model's order, the model's scalars, and each array's name, type, offset and length.
 * Every number of the model is in the arrays, so a loaded model predicts bit for bit what the
 * trained one did. A blob of a newer format than this code reads is refused.
 */
export const BLOB_FORMAT = 1;
const MAGIC = [0x42, 0x57, 0x4d, 0x4c]; // "BWML"

export interface ModelBlob {
  readonly trainerVersion: string;
  readonly config: ModelConfig;
  /** Training columns, in the order the model's feature indices refer to. */
  readonly columns: readonly string[];
  readonly model: Predictor;
}

type ArrayType = 'f64' | 'i32';
interface ArrayEntry {
  readonly name: string;
  readonly type: ArrayType;
  readonly offset: number;
  readonly length: number;
}

interface Header {
  readonly trainerVersion: string;
  readonly config: ModelConfig;
  readonly columns: readonly string[];
  readonly model: Record<string, string | number>;
  readonly arrays: readonly ArrayEntry[];
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

function arraysOf(model: Predictor): Record<string, Float64Array | Int32Array> {
  if (model.kind === 'trees') {
    const { base, treeStart, treeScore, feature, threshold, left, right, value, gain } = model;
    return { base, treeStart, treeScore, feature, threshold, left, right, value, gain };
  }
  const { mean, scale, weights, intercepts } = model;
  return { mean, scale, weights, intercepts };
}

function scalarsOf(model: Predictor): Record<string, string | number> {
  if (model.kind === 'trees') return { kind: 'trees', algorithm: model.algorithm, link: model.link, scores: model.scores, treeScale: model.treeScale };
  return { kind: 'linear', link: model.link, scores: model.scores, iterations: model.iterations };
}

export function encodeModel(blob: ModelBlob): Uint8Array {
  const arrays = Object.entries(arraysOf(blob.model));
  let offset = 0;
  const entries: ArrayEntry[] = arrays.map(([name, values]) => {
    const entry = { name, type: (values instanceof Float64Array ? 'f64' : 'i32') as ArrayType, offset, length: values.length };
    offset = align8(offset + values.byteLength);
    return entry;
  });
  const header: Header = { trainerVersion: blob.trainerVersion, config: blob.config, columns: blob.columns, model: scalarsOf(blob.model), arrays: entries };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align8(12 + json.length);
  const bytes = new Uint8Array(dataStart + offset);
  bytes.set(MAGIC, 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(4, BLOB_FORMAT, true);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  arrays.forEach(([, values], k) => {
    const at = dataStart + entries[k].offset;
    for (let i = 0; i < values.length; i++) {
      if (values instanceof Float64Array) view.setFloat64(at + 8 * i, values[i], true);
      else view.setInt32(at + 4 * i, values[i], true);
    }
  });
  return bytes;
}

const refuse = (why: string): never => {
  throw new BarwiseError('INVALID_CONFIG', `not a model blob this trainer reads: ${why}`);
};

export function decodeModel(bytes: Uint8Array): ModelBlob {
  if (!(bytes instanceof Uint8Array) || bytes.length < 12 || MAGIC.some((b, i) => bytes[i] !== b)) refuse('it does not start with BWML');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint32(4, true);
  if (format > BLOB_FORMAT) refuse(`its format ${format} is newer than this trainer's (${BLOB_FORMAT}): update Barwise`);
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) refuse('its header is cut short');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as Header;
  } catch {
    return refuse('its header is not JSON');
  }
  const dataStart = align8(12 + length);
  const arrays = new Map<string, Float64Array | Int32Array>();
  for (const entry of header.arrays) {
    const width = entry.type === 'f64' ? 8 : 4;
    const at = dataStart + entry.offset;
    if (at + entry.length * width > bytes.length) refuse(`array ${entry.name} is cut short`);
    const values = entry.type === 'f64' ? new Float64Array(entry.length) : new Int32Array(entry.length);
    for (let i = 0; i < entry.length; i++) values[i] = entry.type === 'f64' ? view.getFloat64(at + 8 * i, true) : view.getInt32(at + 4 * i, true);
    arrays.set(entry.name, values);
  }
  const f64 = (name: string) => (arrays.get(name) as Float64Array | undefined) ?? refuse(`array ${name} is missing`);
  const i32 = (name: string) => (arrays.get(name) as Int32Array | undefined) ?? refuse(`array ${name} is missing`);
  const scalars = header.model;
  const link = scalars.link as Link;
  const scores = Number(scalars.scores);
  const model: Predictor =
    scalars.kind === 'trees'
      ? {
          kind: 'trees',
          algorithm: scalars.algorithm as 'gbdt' | 'forest',
          link,
          scores,
          treeScale: Number(scalars.treeScale),
          base: f64('base'),
          treeStart: i32('treeStart'),
          treeScore: i32('treeScore'),
          feature: i32('feature'),
          threshold: f64('threshold'),
          left: i32('left'),
          right: i32('right'),
          value: f64('value'),
          gain: f64('gain'),
        }
      : { kind: 'linear', link, scores, iterations: Number(scalars.iterations), mean: f64('mean'), scale: f64('scale'), weights: f64('weights'), intercepts: f64('intercepts') };
  const config = modelConfigSchema.safeParse(header.config);
  if (!config.success) refuse(`its configuration does not parse (${config.error.issues[0]?.message})`);
  return { trainerVersion: header.trainerVersion, config: config.data as ModelConfig, columns: header.columns, model };
}
