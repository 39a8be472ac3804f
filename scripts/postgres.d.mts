export const TEST_ROLE: string;
export const TEST_DATABASE: string;

export type FoundPostgres =
  | { readonly url: string; readonly kind: 'external' | 'system'; readonly description: string; readonly reason?: undefined }
  | { readonly reason: string; readonly url?: undefined };

/** BARWISE_TEST_PG_URL, else this machine's cluster (started where this process may); else the reason there is none. */
export function findTestPostgres(): FoundPostgres;
