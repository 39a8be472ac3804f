import type { z } from 'zod';
import type { ApiSpecShape, ExposedApi, FeatureSpec, ParsedInputOf, ResultOf } from '../../src-shared/api/define';
import { fail, ok, toErrorValue, type Result } from '../../src-shared/errors';
import { issueText } from '../../src-shared/issue-text';

/** A feature's implementation: each method gets its already-validated input. */
export type FeatureImpl<F extends FeatureSpec> = {
  readonly [M in keyof F]: (input: ParsedInputOf<F[M]>) => Promise<ResultOf<F[M]>> | ResultOf<F[M]>;
};

export type ApiImpl<S extends ApiSpecShape> = { readonly [F in keyof S]: FeatureImpl<S[F]> };

/** Names the exact field that failed and says why in words, e.g. `config.cash: must be at most 1,000,000,000,000,000`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issueText(issue)}`).join('; ');
}

/**
 * Binds implementations to the spec: validates every input with its zod schema, and turns every
 * failure into `{ ok: false, error: { code, message } }` so nothing throws across a boundary.
 * Rejects an implementation that is missing a method or adds one the spec does not declare.
 */
export function implement<S extends ApiSpecShape>(spec: S, impl: ApiImpl<S>): ExposedApi<S> {
  const exposed: Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>> = {};
  for (const feature of Object.keys(spec)) {
    const featureSpec = spec[feature] as FeatureSpec;
    const featureImpl = (impl as Record<string, Record<string, (input: unknown) => unknown>>)[feature];
    if (!featureImpl) throw new Error(`API feature "${feature}" has no implementation`);
    const extra = Object.keys(featureImpl).filter((name) => !(name in featureSpec));
    if (extra.length) throw new Error(`API feature "${feature}" implements undeclared methods: ${extra.join(', ')}`);
    const methods: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
    for (const [name, methodSpec] of Object.entries(featureSpec)) {
      const fn = featureImpl[name];
      if (typeof fn !== 'function') throw new Error(`API method ${feature}.${name} has no implementation`);
      methods[name] = async (input: unknown) => {
        const parsed = methodSpec.input.safeParse(input ?? {});
        if (!parsed.success) {
          return fail('VALIDATION_FAILED', `${feature}.${name}: ${describeZodError(parsed.error)}`);
        }
        try {
          return ok(await fn(parsed.data));
        } catch (error) {
          return { ok: false, error: toErrorValue(error) };
        }
      };
    }
    exposed[feature] = Object.freeze(methods);
  }
  return Object.freeze(exposed) as unknown as ExposedApi<S>;
}
