import { Alert, Box, CircularProgress, Typography } from "@mui/material";
import type { ReactNode } from "react";

import { ApiError } from "../api/problems";

type Props<T> = {
  query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined };
  empty?: (data: T) => boolean;
  emptyText?: string;
  children: (data: T) => ReactNode;
};

/** The loading, error and empty states every screen shows the same way. */
export function QueryState<T>({ query, empty, emptyText, children }: Props<T>) {
  if (query.isPending) {
    return (
      <Box role="status" aria-live="polite" sx={{ display: "flex", gap: 2, p: 3 }}>
        <CircularProgress size={24} aria-hidden />
        <Typography>Loading…</Typography>
      </Box>
    );
  }
  if (query.isError) return <ProblemAlert error={query.error} />;
  const data = query.data as T;
  if (empty?.(data)) {
    return (
      <Typography sx={{ p: 3 }} color="text.secondary">
        {emptyText ?? "Nothing here yet."}
      </Typography>
    );
  }
  return <>{children(data)}</>;
}

/** A problem answer shown with its detail and every field error. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : null;
  const detail = problem?.detail ?? (error instanceof Error ? error.message : String(error));
  return (
    <Alert severity="error" role="alert" sx={{ my: 2 }}>
      {detail}
      {problem?.errors?.length ? (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>
              <strong>{e.field}</strong>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
