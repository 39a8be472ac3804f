import type { SourceStatus } from '../../../src-shared/api/runs';

export interface CodeNote {
  readonly text: string;
  /** The code shown is not what the strategy's file (or the built-in) holds now. */
  readonly changed: boolean;
  /** The words of a link to the strategy as it is now, when there is one to open. */
  readonly link?: string;
}

export type CodeOrigin =
  | { readonly kind: 'user'; readonly source: SourceStatus & { readonly fileName: string } }
  | { readonly kind: 'builtin'; readonly strategyId: string; readonly recordedVersion: string; readonly currentVersion: string };

/** What the Code view says above the code: whether the strategy has changed since the run. */
export function codeNote(origin: CodeOrigin): CodeNote {
  if (origin.kind === 'builtin') {
    if (origin.recordedVersion === origin.currentVersion) {
      return { text: `The built-in strategy "${origin.strategyId}" (version ${origin.currentVersion}), as this run used it.`, changed: false, link: 'Open it' };
    }
    return {
      text: `This run used version ${origin.recordedVersion} of the built-in "${origin.strategyId}"; below is version ${origin.currentVersion}, the one this Barwise ships.`,
      changed: true,
      link: 'Open it',
    };
  }
  const { source } = origin;
  if (!source.changed) return { text: `The code this run used: the same as ${source.fileName} now.`, changed: false, link: 'Open the file' };
  if (source.currentHash === null) {
    return { text: `The code this run used. ${source.fileName} is no longer in your strategies folder.`, changed: true };
  }
  return { text: `The code this run used. ${source.fileName} has changed since this run.`, changed: true, link: 'Open the current file' };
}
