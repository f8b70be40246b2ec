//! Charts: plots -> sampled series and bounds (STUB: replaced by the chart work).
