import type { TooltipView } from '@codemirror/view';
import type { HoverInfo } from '@valtown/codemirror-ts';

/** A hover's tooltip: the type TypeScript infers, then the documentation (the SDK's own comments). */
export function renderHover(info: HoverInfo): TooltipView {
  const dom = document.createElement('div');
  dom.className = 'cm-sdk-doc';
  const quick = info.quickInfo;
  const signature = dom.appendChild(document.createElement('code'));
  signature.textContent = quick?.displayParts?.map((part) => part.text).join('') ?? '';
  const docs = quick?.documentation?.map((part) => part.text).join('') ?? '';
  if (docs) dom.appendChild(document.createElement('p')).textContent = docs;
  return { dom };
}
