import { z } from 'zod';

/**
 * The comlink messages a front end may send to main, and nothing else: a call of one API method
 * with at most one plain (RAW) argument, or a RELEASE. comlink decodes `argumentList` before its
 * own try/catch and trusts its shape, so a string, a null or a HANDLER entry (its `proxy`
 * handler builds a MessagePort from the value) would throw inside the socket's message event and
 * take the process down. Messages are checked against this schema before comlink sees them.
 */
const requestId = z.string().min(1).max(128);

/** comlink sends the argument's value under `value`; an `undefined` argument arrives without it. */
const rawArgument = z.object({ type: z.literal('RAW'), value: z.unknown().optional() }).strict();

export const applyMessageSchema = z
  .object({
    id: requestId,
    type: z.literal('APPLY'),
    /** feature, method */
    path: z.tuple([z.string().max(100), z.string().max(100)]),
    argumentList: z.array(rawArgument).max(1),
  })
  .strict();

export const releaseMessageSchema = z.object({ id: requestId, type: z.literal('RELEASE') }).strict();

export const clientMessageSchema = z.discriminatedUnion('type', [applyMessageSchema, releaseMessageSchema]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** The message types a front end may send; any other type is not an API call at all. */
export const CLIENT_MESSAGE_TYPES: ReadonlySet<string> = new Set(['APPLY', 'RELEASE']);
