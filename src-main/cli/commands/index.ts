import type { Command } from '../command';
import { infoCommand } from './info';

/** Every CLI command. Adding one: a file in this folder and a line here. */
export const COMMANDS: readonly Command[] = [infoCommand];
