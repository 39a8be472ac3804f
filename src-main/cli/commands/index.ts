import type { Command } from '../command';
import { backtestCommand } from './backtest';
import { datasetRemoveCommand, datasetRenameCommand, datasetsCommand, datasetShowCommand } from './datasets';
import { importCommand } from './import';
import { exportCommand } from './export';
import { infoCommand } from './info';
import { jobCancelCommand, jobsCommand } from './jobs';
import { featuresCommand, modelImportanceCommand, modelRemoveCommand, modelShowCommand, modelsCommand } from './models';
import { montecarloCommand, optimizationsCommand, optimizeCommand, walkforwardCommand } from './optimize';
import { runsCommand } from './runs';
import {
  strategiesCommand,
  strategyCheckCommand,
  strategyNewCommand,
  strategyRemoveCommand,
  strategyRenameCommand,
  strategyShowCommand,
} from './strategies';
import { retrainCommand, trainCommand } from './train';
import { syncNowCommand, syncPauseCommand, syncResumeCommand, syncStatusCommand } from './sync';
import { workerCommand } from './worker';

/** Every CLI command. Adding one: a file in this folder and a line here. */
export const COMMANDS: readonly Command[] = [
  infoCommand,
  importCommand,
  datasetsCommand,
  datasetShowCommand,
  datasetRemoveCommand,
  datasetRenameCommand,
  strategiesCommand,
  strategyShowCommand,
  strategyCheckCommand,
  strategyNewCommand,
  strategyRemoveCommand,
  strategyRenameCommand,
  backtestCommand,
  runsCommand,
  optimizeCommand,
  walkforwardCommand,
  montecarloCommand,
  optimizationsCommand,
  exportCommand,
  featuresCommand,
  trainCommand,
  retrainCommand,
  modelsCommand,
  modelShowCommand,
  modelImportanceCommand,
  modelRemoveCommand,
  jobsCommand,
  jobCancelCommand,
  syncStatusCommand,
  syncNowCommand,
  syncPauseCommand,
  syncResumeCommand,
  workerCommand,
];
