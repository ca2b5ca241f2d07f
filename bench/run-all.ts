// `npm run bench`: runs every benchmark in one process, one after another, and prints one JSON
// report. Numbers vary 10–30% between runs on shared machines: compare only within one run.
import { benchPipelineOverhead } from './pipeline-overhead.bench.js';
import { benchSchemaRetrieval } from './schema-retrieval.bench.js';

const report: Record<string, unknown> = { node: process.version, date: new Date().toISOString() };
report.schema_retrieval = benchSchemaRetrieval();
console.log('schema retrieval', JSON.stringify(report.schema_retrieval));
report.pipeline_overhead = await benchPipelineOverhead();
console.log('pipeline overhead', JSON.stringify(report.pipeline_overhead));
console.log(JSON.stringify(report, null, 2));
