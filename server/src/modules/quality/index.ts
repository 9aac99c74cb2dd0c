// Public surface of the quality module (数据质量评价, GB/T 36344-2018): holders' rules per column, their
// validation, the assessment of a stored version with DuckDB, and the pure scoring method with its weights.
export {
  validateRules,
  regexProblem,
  typeFamily,
  RULE_KINDS,
  RULE_VALIDATORS,
  LIMITS as RULE_LIMITS,
  type QualityRule,
  type RuleKind,
  type RuleValidator,
} from './rules.ts';
export { assessVersion, checkRules, type AssessInput, type AssessOptions } from './assess.ts';
export {
  scoreQuality,
  trend,
  belowThreshold,
  collapseShape,
  QUALITY_METHOD,
  INDICATORS,
  WEIGHTS,
  UPDATE_FREQUENCIES,
  PERIOD_MS,
  type IndicatorKey,
  type IndicatorResult,
  type QualityFacts,
  type QualityReport,
  type QualityTrend,
  type RuleOutcome,
  type RuleResult,
  type UpdateFrequency,
} from './score.ts';
