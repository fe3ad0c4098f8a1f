// The `PromQL` module: a PromQL engine with Prometheus's semantics, in pure Swift, no I/O.
//
// Layout (one concept per folder):
// - `Lexer/`: tokens with byte offsets; bracket-balance errors as Prometheus's lexer reports them.
// - `Parser/`: recursive descent with Prometheus's precedence (`^` right-associative, unary
//   minus below `^`), types and messages (`1:9: parse error: ...`, `ParseError.annotatedSource`
//   draws a caret), duration expressions, a nesting limit.
// - `AST/`: `Expr` and its parts; `DurationExpr` for `[step()*2]`-style durations.
// - `Engine/`: `Engine` (public entry: `parse`, `instantQuery`, `rangeQuery`), `Evaluator`
//   (one instant at a time: selectors, subqueries, operators, aggregations) and
//   `StepEvaluator` (range queries node by node over all steps, falling back to `Evaluator`
//   for nodes it does not handle, so both share one set of semantics).
// - `Functions/`: signatures in `FunctionTable`, implementations by family in
//   `FunctionImplementations` (math, range, time, label, histogram, misc).
// - `Script/`: Prometheus's `.test` format and `PromQLTestRunner`, used by `vigil promql test`.
//
// Storage is read through `VigilCore.SeriesQueryable`; `MemorySeriesStore` backs the scripts.
// `EngineOptions.compatibility` picks Prometheus 3 (default) or 2.x behaviour.
