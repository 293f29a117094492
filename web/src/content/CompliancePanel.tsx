import { Alert, Box, Chip, List, ListItem, ListItemText, Paper, Typography } from "@mui/material";
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { ProblemAlert } from "../components/QueryState";
import { checkCompliance, label, type CheckIn, type Violation } from "./api";
import { useDebounced } from "./useDebounced";

const DEBOUNCE_MS = 400;

/** The brand's compliance check of the draft being typed, asked again 400 ms after typing stops. */
export function CompliancePanel({ brandId, draft }: { brandId: string; draft: CheckIn }) {
  const settled = useDebounced(draft, DEBOUNCE_MS);
  const report = useQuery({
    queryKey: ["compliance", "check", brandId, settled],
    queryFn: ({ signal }) => checkCompliance(brandId, settled, signal),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  const checking = report.isFetching || JSON.stringify(settled) !== JSON.stringify(draft);
  return (
    <Paper variant="outlined" component="section" aria-labelledby="compliance-title" sx={{ p: 2 }}>
      <Box sx={{ display: "flex", gap: 1, alignItems: "center", flexWrap: "wrap" }}>
        <Typography variant="h6" component="h2" id="compliance-title" sx={{ flexGrow: 1 }}>
          Compliance
        </Typography>
        {report.data ? (
          <Chip
            label={`${report.data.passed ? "Passes" : "Does not pass"} · score ${report.data.score}`}
            color={report.data.passed ? "success" : "error"}
          />
        ) : null}
      </Box>
      <Typography variant="body2" color="text.secondary" role="status">
        {checking ? "Checking…" : `Checked against ${label(settled.channel)}'s limits and the brand's voice.`}
      </Typography>
      {report.isError ? <ProblemAlert error={report.error} /> : null}
      {report.data && report.data.violations.length === 0 ? (
        <Alert severity="success" role="status" sx={{ mt: 1 }}>
          No violation.
        </Alert>
      ) : null}
      {report.data?.violations.length ? (
        <List dense aria-label="Violations">
          {report.data.violations.map((v, i) => (
            <ListItem key={`${v.code}-${v.location}-${v.start ?? i}-${i}`} disableGutters>
              <Chip
                size="small"
                label={v.severity}
                color={v.severity === "error" ? "error" : v.severity === "warning" ? "warning" : "default"}
                sx={{ mr: 1, minWidth: 70 }}
              />
              <ListItemText
                primary={v.message}
                secondary={`${v.code} · ${where(v)}`}
                slotProps={{ primary: { sx: { overflowWrap: "anywhere" } } }}
              />
            </ListItem>
          ))}
        </List>
      ) : null}
    </Paper>
  );
}

function where(v: Violation): string {
  return v.start != null && v.end != null ? `${v.location} [${v.start}–${v.end}]` : v.location;
}
