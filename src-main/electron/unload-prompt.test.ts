import { describe, expect, it } from 'vitest';
import { LEAVE_BUTTON, onWillPreventUnload, STAY_BUTTON, UNLOAD_PROMPT } from './unload-prompt';

function decide(answer: number) {
  const asked: unknown[] = [];
  let prevented = 0;
  onWillPreventUnload((prompt) => {
    asked.push(prompt);
    return answer;
  })({ preventDefault: () => void prevented++ });
  return { asked, leaves: prevented === 1, prevented };
}

describe('the Leave / Stay prompt for a page with unsaved changes', () => {
  it('asks once with Leave and Stay, Stay the default and what Escape picks', () => {
    const { asked } = decide(STAY_BUTTON);
    expect(asked).toEqual([UNLOAD_PROMPT]);
    expect(UNLOAD_PROMPT.buttons[LEAVE_BUTTON]).toBe('Leave');
    expect(UNLOAD_PROMPT.buttons[STAY_BUTTON]).toBe('Stay');
    expect(UNLOAD_PROMPT.defaultId).toBe(STAY_BUTTON);
    expect(UNLOAD_PROMPT.cancelId).toBe(STAY_BUTTON);
  });

  it('lets the page unload on Leave (overriding its beforeunload), and only then', () => {
    expect(decide(LEAVE_BUTTON)).toMatchObject({ leaves: true, prevented: 1 });
    expect(decide(STAY_BUTTON)).toMatchObject({ leaves: false, prevented: 0 });
    // A dialog closed some other way answers with an index that is not Leave's: the edits stay.
    expect(decide(-1)).toMatchObject({ leaves: false });
    expect(decide(2)).toMatchObject({ leaves: false });
  });
});
