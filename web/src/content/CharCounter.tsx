import { Typography } from "@mui/material";

import type { Budget } from "./counting";

const WAYS: Record<string, string> = {
  x_weighted: "counted X's way: a link 23, CJK and emoji 2",
  double_width: "wide characters count 2",
  utf8_bytes: "UTF-8 bytes",
  code_points: "characters",
};

/** "12 characters left" under a field, red and negative once over the limit. */
export function CharCounter(props: { budget: Budget | null; id: string; prefix?: string }) {
  const { budget, id, prefix = "" } = props;
  if (!budget) return null;
  const over = budget.left < 0;
  const unit = budget.counting === "utf8_bytes" ? "bytes" : "characters";
  return (
    <Typography
      id={id}
      variant="body2"
      aria-live="polite"
      sx={{ color: over ? "error.main" : "text.secondary", fontWeight: over ? 700 : 400 }}
      title={budget.source}
    >
      {prefix}
      <span data-testid={`left-${budget.field}`}>{budget.left}</span> {unit} left of{" "}
      {budget.limit} ({budget.hard ? "limit" : "recommended"}; {WAYS[budget.counting] ?? budget.counting})
    </Typography>
  );
}
