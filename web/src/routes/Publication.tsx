import {
  Alert,
  Box,
  Button,
  Chip,
  Link as MuiLink,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";

import { api } from "../api/client";
import { unwrap } from "../api/problems";
import { ExplainedProblem } from "../calendar/Explained";
import { STATUS_COLOURS, statusLabel } from "../calendar/items";
import { accountsQuery, contentQuery, publicationQuery, type Publication } from "../calendar/queries";
import { formatInstant } from "../calendar/zoned";
import { QueryState } from "../components/QueryState";

/** One publication: its status, the typed reason it failed, every attempt, the live post. */
export default function PublicationScreen() {
  const { publicationId = "" } = useParams();
  const publication = useQuery(publicationQuery(publicationId));
  return (
    <QueryState query={publication}>{(p) => <PublicationDetail publication={p} />}</QueryState>
  );
}

/** Reconcile looks an unknown outcome up; retry sends a failed one again. */
const RECONCILABLE = new Set(["outcome_unknown", "claimed", "publishing"]);
const RETRYABLE = new Set(["failed", "outcome_unknown"]);

export function StatusChip({ status }: { status: string }) {
  const colour = STATUS_COLOURS[status];
  return (
    <Chip
      label={statusLabel(status)}
      size="small"
      sx={colour ? { "&&": { bgcolor: colour, color: "#fff" } } : undefined}
    />
  );
}

function PublicationDetail({ publication: p }: { publication: Publication }) {
  const queries = useQueryClient();
  const piece = useQuery(contentQuery(p.content_id));
  const accounts = useQuery(accountsQuery(p.brand_id));
  const account = accounts.data?.find((a) => a.id === p.channel_account_id);
  const settle = (next: Publication) => {
    queries.setQueryData(publicationQuery(p.id).queryKey, next);
    void queries.invalidateQueries({ queryKey: ["publications", "calendar"] });
  };
  const path = { params: { path: { publication_id: p.id } } };
  const reconcile = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/v1/publications/{publication_id}/reconcile", path)),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["publications"] }),
  });
  const retry = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/v1/publications/{publication_id}/retry", path)),
    onSuccess: settle,
  });
  const when = new Date(p.due_at);
  return (
    <Stack spacing={2}>
      <Box>
        <Button component={Link} to="/calendar">
          ‹ Calendar
        </Button>
      </Box>
      <Typography variant="h4" component="h1">
        {piece.data?.title || "Publication"}
      </Typography>
      <Paper sx={{ p: 2 }}>
        <Stack spacing={1}>
          <Stack direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap" }}>
            <Typography component="span">
              {account ? `${account.name} (${account.channel}, ${account.platform})` : p.channel}
            </Typography>
            <StatusChip status={p.status} />
          </Stack>
          <Typography>
            Due {formatInstant(when, p.time_zone)} ({p.time_zone}; planned as {p.local_time})
          </Typography>
          {p.published_at ? (
            <Typography>Published {formatInstant(new Date(p.published_at), p.time_zone)}</Typography>
          ) : null}
          {p.remote_url ? (
            <Typography>
              Live post:{" "}
              <MuiLink href={p.remote_url} target="_blank" rel="noopener noreferrer">
                {p.remote_url}
              </MuiLink>
            </Typography>
          ) : p.remote_id ? (
            <Typography>Remote id: {p.remote_id}</Typography>
          ) : null}
          {p.failure ? (
            <Alert severity="error">
              <strong>{statusLabel(p.failure.reason)}</strong>
              {p.failure.rejection ? ` (${statusLabel(p.failure.rejection)})` : ""}: {p.failure.detail}
            </Alert>
          ) : null}
        </Stack>
      </Paper>
      <Stack direction="row" spacing={1}>
        <Button
          variant="outlined"
          disabled={!RECONCILABLE.has(p.status) || reconcile.isPending}
          onClick={() => reconcile.mutate()}
        >
          Reconcile
        </Button>
        <Button
          variant="contained"
          disabled={!RETRYABLE.has(p.status) || retry.isPending}
          onClick={() => retry.mutate()}
        >
          Retry
        </Button>
      </Stack>
      {reconcile.isSuccess ? (
        <Typography role="status">
          Reconcile: {statusLabel(reconcile.data.step)}, now {statusLabel(reconcile.data.status)}
          {reconcile.data.detail ? ` (${reconcile.data.detail})` : ""}.
        </Typography>
      ) : null}
      {retry.isSuccess ? <Typography role="status">Scheduled again, due now.</Typography> : null}
      <ExplainedProblem error={reconcile.error ?? retry.error} />
      <Typography variant="h6" component="h2">
        Attempts
      </Typography>
      {p.attempts.length ? (
        <TableContainer component={Paper}>
          <Table size="small" aria-label="Attempts">
            <TableHead>
              <TableRow>
                <TableCell>#</TableCell>
                <TableCell>Started</TableCell>
                <TableCell>Finished</TableCell>
                <TableCell>Outcome</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Remote id</TableCell>
                <TableCell>Detail</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {p.attempts.map((a) => (
                <TableRow key={`${a.number}-${a.fence}`}>
                  <TableCell>{a.number}</TableCell>
                  <TableCell>{formatInstant(new Date(a.started_at), p.time_zone)}</TableCell>
                  <TableCell>
                    {a.finished_at ? formatInstant(new Date(a.finished_at), p.time_zone) : "—"}
                  </TableCell>
                  <TableCell>{statusLabel(a.outcome)}</TableCell>
                  <TableCell>
                    {a.reason ? statusLabel(a.reason) : "—"}
                    {a.rejection ? ` (${statusLabel(a.rejection)})` : ""}
                  </TableCell>
                  <TableCell>{a.remote_id ?? "—"}</TableCell>
                  <TableCell>{a.detail || "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      ) : (
        <Typography color="text.secondary">No attempt yet: it has not been sent.</Typography>
      )}
    </Stack>
  );
}
