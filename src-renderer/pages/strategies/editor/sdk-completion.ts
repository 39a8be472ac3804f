import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { tsFacetWorker } from '@valtown/codemirror-ts';
import type { LanguageServiceRemote } from './language-service-client';

/** A completion's side panel: the signature, then the SDK's documentation of it. */
function detailsPanel(service: LanguageServiceRemote, path: string, pos: number, name: string): () => Promise<Node | null> {
  return async () => {
    const details = await service.completionDetails({ path, pos, name });
    if (!details || (!details.signature && !details.documentation)) return null;
    const panel = document.createElement('div');
    panel.className = 'cm-sdk-doc';
    const signature = panel.appendChild(document.createElement('code'));
    signature.textContent = details.signature;
    if (details.documentation) panel.appendChild(document.createElement('p')).textContent = details.documentation;
    return panel;
  };
}

/**
 * Completion from the TypeScript language service: the SDK's exports after `import {`, the
 * context's members after `ctx.`, the indicator functions, locals. @valtown/codemirror-ts gives
 * the list; each entry's documentation is fetched when it is highlighted. Nothing until the
 * worker is up (the facet is set then).
 */
export async function sdkCompletions(context: CompletionContext): Promise<CompletionResult | null> {
  const config = context.state.facet(tsFacetWorker);
  if (!config) return null;
  const service = config.worker as unknown as LanguageServiceRemote;
  const { path } = config;
  const result = await service.getAutocompletion({ path, context: { pos: context.pos, explicit: context.explicit } });
  if (!result || context.aborted) return null;
  const options = result.options.map(
    (option): Completion => ({ ...option, info: detailsPanel(service, path, context.pos, option.label) }),
  );
  return { ...result, options, validFor: /^[\w$]*$/ };
}
