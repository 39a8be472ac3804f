/**
 * The native "Leave / Stay" question for a page whose `beforeunload` asks to stay (the strategy
 * editor with unsaved changes). Chromium in a browser asks the user itself; Electron only emits
 * `will-prevent-unload` and, left alone, silently keeps the page (so a window would not close
 * and a reload would do nothing, without a word). main.ts shows this with dialog.showMessageBoxSync;
 * the decision lives here, without electron, so it is tested under plain Node.
 */
export const LEAVE_BUTTON = 0;
export const STAY_BUTTON = 1;

/** Options for dialog.showMessageBoxSync (Electron's MessageBoxOptions). Stay is the default and what Escape picks: no one loses edits by a stray key. */
export const UNLOAD_PROMPT = Object.freeze({
  type: 'question' as const,
  buttons: ['Leave', 'Stay'],
  defaultId: STAY_BUTTON,
  cancelId: STAY_BUTTON,
  noLink: true,
  title: 'Unsaved changes',
  message: 'Leave without saving?',
  detail: 'A strategy has changes that are not saved. If you leave, they are lost.',
});

/** What the event handler needs of Electron's event: preventDefault() lets the unload go ahead. */
export interface PreventUnloadEvent {
  preventDefault(): void;
}

/**
 * The `will-prevent-unload` handler: asks (`ask` shows the prompt and returns the button chosen)
 * and, when the answer is Leave, overrides the page's refusal. Any other answer (Stay, the dialog
 * closed) keeps the page and its edits.
 */
export function onWillPreventUnload(ask: (prompt: typeof UNLOAD_PROMPT) => number): (event: PreventUnloadEvent) => void {
  return (event) => {
    if (ask(UNLOAD_PROMPT) === LEAVE_BUTTON) event.preventDefault();
  };
}
