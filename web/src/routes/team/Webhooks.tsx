import {
  Alert,
  Button,
  Card,
  CardActions,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from "@mui/material";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { api } from "../../api/client";
import { ApiError, fieldErrors, unwrap } from "../../api/problems";
import { can, deliveriesQuery, type Me, type WebhookSubscription, webhooksQuery } from "../../api/queries";
import { ProblemAlert, QueryState } from "../../components/QueryState";

/** Outbound webhooks: subscribe (the signing secret shown once), pause, delete, deliveries. */
export function Webhooks({ me }: { me: Me }) {
  const manage = can(me, "webhooks:manage");
  const subscriptions = useQuery({ ...webhooksQuery, enabled: manage });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  if (!manage) {
    return <Typography color="text.secondary">Your role does not manage webhooks.</Typography>;
  }
  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center" }}>
        <Typography variant="h5" component="h2">
          Webhooks
        </Typography>
        <Button variant="contained" onClick={() => setCreating(true)}>
          New webhook
        </Button>
      </Stack>
      {secret ? (
        <Alert
          severity="success"
          role="status"
          action={
            <Button color="inherit" size="small" onClick={() => setSecret(null)}>
              Done
            </Button>
          }
        >
          The signing secret, shown this once:{" "}
          <Typography component="code" sx={{ wordBreak: "break-all", fontFamily: "monospace" }}>
            {secret}
          </Typography>
        </Alert>
      ) : null}
      <QueryState
        query={subscriptions}
        empty={(items) => items.length === 0}
        emptyText="No webhook yet: subscribe a URL of yours to the events it should hear about."
      >
        {(items) => (
          <Stack spacing={2}>
            {items.map((s) => (
              <Subscription key={s.id} subscription={s} />
            ))}
          </Stack>
        )}
      </QueryState>
      {creating ? (
        <CreateWebhookDialog
          onClose={() => setCreating(false)}
          onCreated={(s) => {
            setSecret(s);
            setCreating(false);
          }}
        />
      ) : null}
    </Stack>
  );
}

function Subscription({ subscription: s }: { subscription: WebhookSubscription }) {
  const queries = useQueryClient();
  const [history, setHistory] = useState(false);
  const refresh = () => queries.invalidateQueries({ queryKey: ["webhook-subscriptions"] });
  const toggle = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PATCH("/api/v1/webhook-subscriptions/{subscription_id}", {
          params: { path: { subscription_id: s.id }, header: { "If-Match": `"${s.version}"` } },
          body: { active: !s.active },
        }),
      ),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.DELETE("/api/v1/webhook-subscriptions/{subscription_id}", {
          params: { path: { subscription_id: s.id }, header: { "If-Match": `"${s.version}"` } },
        }),
      ),
    onSuccess: refresh,
  });
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap" }}>
          <Typography component="h3" variant="h6" sx={{ wordBreak: "break-all" }}>
            {s.url}
          </Typography>
          <Chip size="small" label={s.active ? "Active" : "Paused"} color={s.active ? "success" : "default"} />
        </Stack>
        <Typography color="text.secondary">
          {s.event_types.join(", ")}
          {s.description ? ` · ${s.description}` : ""}
        </Typography>
        <ProblemAlert error={toggle.error ?? remove.error} />
        {history ? <Deliveries subscriptionId={s.id} /> : null}
      </CardContent>
      <CardActions sx={{ flexWrap: "wrap" }}>
        <Button onClick={() => setHistory(!history)} aria-expanded={history}>
          {history ? "Hide deliveries" : "Deliveries"}
        </Button>
        <Button onClick={() => toggle.mutate()} disabled={toggle.isPending}>
          {s.active ? "Pause" : "Resume"}
        </Button>
        <Button color="error" onClick={() => remove.mutate()} disabled={remove.isPending}>
          Delete
        </Button>
      </CardActions>
    </Card>
  );
}

function Deliveries({ subscriptionId }: { subscriptionId: string }) {
  const deliveries = useQuery(deliveriesQuery(subscriptionId));
  const queries = useQueryClient();
  const replay = useMutation({
    mutationFn: async (id: string) =>
      unwrap(
        await api.POST("/api/v1/webhook-deliveries/{delivery_id}/replay", {
          params: { path: { delivery_id: id } },
        }),
      ),
    onSuccess: () =>
      queries.invalidateQueries({ queryKey: ["webhook-subscriptions", subscriptionId] }),
  });
  return (
    <QueryState
      query={deliveries}
      empty={(items) => items.length === 0}
      emptyText="No delivery yet."
    >
      {(items) => (
        <TableContainer sx={{ mt: 2 }}>
          <ProblemAlert error={replay.error} />
          <Table size="small" aria-label="Deliveries">
            <TableHead>
              <TableRow>
                <TableCell>Event</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Attempts</TableCell>
                <TableCell>Last answer</TableCell>
                <TableCell>Actions</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((d) => (
                <TableRow key={d.id}>
                  <TableCell>
                    {d.event_type}
                    <Typography variant="body2" color="text.secondary">
                      {new Date(d.created_at).toLocaleString()}
                    </Typography>
                  </TableCell>
                  <TableCell>{d.status}</TableCell>
                  <TableCell>{d.attempts}</TableCell>
                  <TableCell>{d.last_status_code ?? d.last_error ?? "—"}</TableCell>
                  <TableCell>
                    <Button size="small" onClick={() => replay.mutate(d.id)} disabled={replay.isPending}>
                      Replay
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </QueryState>
  );
}

function CreateWebhookDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (secret: string) => void;
}) {
  const queries = useQueryClient();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState("#");
  const [description, setDescription] = useState("");
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/webhook-subscriptions", {
          body: {
            url: url.trim(),
            event_types: events.split(",").map((e) => e.trim()).filter(Boolean),
            description,
          },
        }),
      ),
    onSuccess: async (created) => {
      await queries.invalidateQueries({ queryKey: ["webhook-subscriptions"] });
      onCreated(created.secret);
    },
  });
  const server = fieldErrors(create.error instanceof ApiError ? create.error.problem : null);
  return (
    <Dialog open onClose={onClose} aria-labelledby="new-webhook-title" fullWidth>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
        noValidate
      >
        <DialogTitle id="new-webhook-title">New webhook</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField
              label="URL"
              required
              autoFocus
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              error={Boolean(server.url)}
              helperText={server.url ?? "An https address of yours"}
            />
            <TextField
              label="Event types"
              value={events}
              onChange={(e) => setEvents(e.target.value)}
              error={Boolean(server.event_types)}
              helperText={
                server.event_types ?? "Comma-separated: brand.created, content.* or # for every event"
              }
            />
            <TextField
              label="Description"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              error={Boolean(server.description)}
              helperText={server.description}
            />
            <ProblemAlert error={create.error} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={create.isPending}>
            Create
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
