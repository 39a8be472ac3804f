import { expose } from 'comlink';
// `?raw` is Vite's import of a file's text, which the import plugin takes for the module itself.
// oxlint-disable-next-line import/default
import moduleTypes from '../../../../src-shared/sdk/module.ts?raw';
// oxlint-disable-next-line import/default
import strategyTypes from '../../../../src-shared/sdk/strategy.ts?raw';
import { createStrategyLanguageService } from './language-service';

/**
 * The strategy editor's TypeScript language service, in a worker of its own so checking and
 * completing never stall typing. The SDK's declarations are bundled as text (`?raw`): the editor
 * completes and checks against the very files the SDK is written in.
 */
expose(createStrategyLanguageService({ strategy: strategyTypes, module: moduleTypes }));
