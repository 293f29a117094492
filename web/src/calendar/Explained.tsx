import { Typography } from "@mui/material";

import { ProblemAlert } from "../components/QueryState";
import { explain } from "./explain";

/** A refused request: what it means for the calendar, then the problem field by field. */
export function ExplainedProblem({ error, prefix }: { error: unknown; prefix?: string }) {
  if (!error) return null;
  const why = explain(error);
  return (
    <div>
      {prefix || why ? (
        <Typography sx={{ mt: 1 }}>
          {prefix ? `${prefix} ` : ""}
          {why ?? ""}
        </Typography>
      ) : null}
      <ProblemAlert error={error} />
    </div>
  );
}
