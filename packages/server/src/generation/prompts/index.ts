export {
  buildSystemPrompt,
  buildUserPrompt,
  buildOutputRepairPrompt,
  DIALECT_LABELS,
  type SystemPromptInput,
  type UserPromptInput,
  type UserPromptOptions,
} from './query-prompts.js';
export {
  buildSchemaSection,
  estimateTokens,
  DEFAULT_SCHEMA_TOKEN_BUDGET,
  type SchemaSection,
  type SchemaSectionOptions,
} from './schema-section.js';
