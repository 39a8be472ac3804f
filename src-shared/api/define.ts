import type { z } from 'zod';
import type { Result } from '../errors';

/**
 * One API method: a zod schema for its input and (as a phantom type) its result.
 * A feature is a map of method name → MethodSpec; the app's API is the map of features.
 */
export interface MethodSpec<I extends z.ZodType = z.ZodType, R = unknown> {
  readonly input: I;
  readonly result: R;
}

export type FeatureSpec = Readonly<Record<string, MethodSpec>>;
export type ApiSpecShape = Readonly<Record<string, FeatureSpec>>;

/** Declares a method. `returns<T>()` carries only a type; nothing is stored for it at runtime. */
export function method<I extends z.ZodType, R>(input: I, _returns: Returns<R>): MethodSpec<I, R> {
  return { input, result: undefined as R };
}
declare const returnsBrand: unique symbol;
export interface Returns<R> {
  readonly [returnsBrand]?: R;
}
export const returns = <R>(): Returns<R> => ({});

export type InputOf<M> = M extends MethodSpec<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<M> = M extends MethodSpec<infer I, unknown> ? z.output<I> : never;
export type ResultOf<M> = M extends MethodSpec<z.ZodType, infer R> ? R : never;

/** What a transport exposes: every method takes raw input and answers a Result, never throws. */
export type ExposedApi<S extends ApiSpecShape> = {
  readonly [F in keyof S]: {
    readonly [M in keyof S[F]]: (input: InputOf<S[F][M]>) => Promise<Result<ResultOf<S[F][M]>>>;
  };
};

/** What callers use: the same methods, unwrapped; a failure throws BarwiseError with its code. */
export type ApiClient<S extends ApiSpecShape> = {
  readonly [F in keyof S]: {
    readonly [M in keyof S[F]]: (input: InputOf<S[F][M]>) => Promise<ResultOf<S[F][M]>>;
  };
};
