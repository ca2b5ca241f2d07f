export { askPipeline, openOfflineApp, pipelinePredict, type AskOutcome } from './offline-pipeline.js';
export { ScriptedQueryExecutor, type ScriptedAnswer } from './scripted-query-executor.js';
