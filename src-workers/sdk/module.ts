import type { BarwiseModule } from '../../src-shared/sdk/module';
import * as barwise from './index';

/** The `barwise` module as one frozen object: what the sandbox hands a user file's `require('barwise')`. */
export const barwiseModule: BarwiseModule = Object.freeze({ ...barwise });
