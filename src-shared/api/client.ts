import { BarwiseError, toErrorValue, unwrap, type Result } from '../errors';
import type { ApiClient, ApiSpecShape, ExposedApi } from './define';

type AnyMethod = (input: unknown) => Promise<Result<unknown>>;

/**
 * Wraps an exposed API (in-process, or a comlink Remote) into a client whose methods resolve to
 * the value or throw BarwiseError. Methods are looked up lazily so a comlink proxy works too.
 */
export function createClient<S extends ApiSpecShape>(exposed: ExposedApi<S>): ApiClient<S> {
  const features = new Map<string, object>();
  return new Proxy({} as ApiClient<S>, {
    get(_target, feature) {
      if (typeof feature !== 'string') return undefined;
      let wrapped = features.get(feature);
      if (!wrapped) {
        const remoteFeature = (exposed as unknown as Record<string, Record<string, AnyMethod>>)[feature];
        wrapped = new Proxy(
          {},
          {
            get(_t, name) {
              if (typeof name !== 'string' || name === 'then') return undefined;
              return async (input: unknown) => {
                if (remoteFeature === undefined) {
                  throw new BarwiseError('UNKNOWN_METHOD', `Unknown API feature "${feature}"`);
                }
                // Called plainly, never via .call/.apply: on a comlink proxy those are remote
                // property reads, not JavaScript's Function methods.
                const fn = remoteFeature[name] as AnyMethod;
                let result: Result<unknown>;
                try {
                  result = await fn(input);
                } catch (error) {
                  const { code, message } = toErrorValue(error);
                  throw new BarwiseError(code, message);
                }
                return unwrap(result);
              };
            },
          },
        );
        features.set(feature, wrapped);
      }
      return wrapped;
    },
  });
}
