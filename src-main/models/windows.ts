import type { ModelDetail } from '../../src-shared/api/models';
import { BarwiseError } from '../../src-shared/errors';
import { utcTimeText } from '../../src-shared/format';
import type { ModelConfig } from '../../src-shared/ml/config';

type Windows = ModelConfig['split']['windows'];

/**
 * A retrain's windows: the parent's, moved forward so they end at the dataset's last bar, each as
 * long as it was. Time windows move as one (the gaps between them kept); fraction windows keep
 * their fractions over a span as long as the parent's (its `from`/`to`, or the whole dataset it
 * trained on). Refused when the dataset has no bar after the parent's window: there is nothing
 * newer to train on.
 */
export function newerWindows(
  parent: Pick<ModelDetail, 'name' | 'config' | 'report'>,
  parentData: { readonly firstTime: number; readonly lastTime: number } | null,
  dataset: { readonly name: string; readonly lastTime: number },
): Windows {
  const windows = parent.config.split.windows;
  const parentEnd = windows.kind === 'times' ? windows.test.to : (windows.to ?? parentData?.lastTime ?? parent.report?.windows.test.to ?? null);
  if (parentEnd === null) throw new BarwiseError('INVALID_CONFIG', `the window ${parent.name} trained on is not known (its dataset was deleted); give the windows to retrain on`);
  const shift = dataset.lastTime - parentEnd;
  if (!(shift > 0)) {
    throw new BarwiseError(
      'INVALID_CONFIG',
      `${dataset.name} has no bars after ${utcTimeText(parentEnd)} UTC, where the window of ${parent.name} ends: import newer data and retrain on it, or give the windows`,
    );
  }
  if (windows.kind === 'times') {
    const move = (w: { from: number; to: number }) => ({ from: w.from + shift, to: w.to + shift });
    return { kind: 'times', train: move(windows.train), validation: move(windows.validation), test: move(windows.test) };
  }
  const parentStart = windows.from ?? parentData?.firstTime ?? parent.report?.windows.train.from ?? null;
  if (parentStart === null) throw new BarwiseError('INVALID_CONFIG', `the window ${parent.name} trained on is not known (its dataset was deleted); give the windows to retrain on`);
  return { ...windows, from: parentStart + shift, to: parentEnd + shift };
}
