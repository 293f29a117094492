import {
  Button,
  Card,
  CardActions,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Grid,
  List,
  ListItem,
  ListItemText,
  Stack,
  TextField,
  Typography,
} from "@mui/material";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { api } from "../api/client";
import { ApiError, fieldErrors, unwrap } from "../api/problems";
import {
  can,
  channelAccountsQuery,
  type Integration,
  integrationsQuery,
  meQuery,
  type PlatformInfo,
  platformsQuery,
} from "../api/queries";
import { ProblemAlert, QueryState } from "../components/QueryState";
import { useAppSelector } from "../store";
import { followPopup, openBlankPopup } from "./integrations/oauthPopup";

const STATUS: Record<string, { label: string; color: "success" | "warning" | "error" | "default" }> = {
  connected: { label: "Connected", color: "success" },
  needs_reauth: { label: "Needs reconnect", color: "warning" },
  error: { label: "Error", color: "error" },
  pending: { label: "Pending", color: "default" },
  revoked: { label: "Disconnected", color: "default" },
};

function platformLabel(platform: string): string {
  const text = platform.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A card per platform: its connection's state, connect or reconnect, health, channel accounts. */
export default function Integrations() {
  const platforms = useQuery(platformsQuery);
  const integrations = useQuery(integrationsQuery);
  const me = useQuery(meQuery);
  const manage = can(me.data, "integrations:manage");
  const both = {
    isPending: platforms.isPending || integrations.isPending,
    isError: platforms.isError || integrations.isError,
    error: platforms.error ?? integrations.error,
    data:
      platforms.data && integrations.data
        ? { platforms: platforms.data, integrations: integrations.data }
        : undefined,
  };
  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        Integrations
      </Typography>
      <QueryState
        query={both}
        empty={(d) => d.platforms.every((p) => !p.configured)}
        emptyText="No platform is configured on this server."
      >
        {(d) => (
          <Grid container spacing={2}>
            {d.platforms
              .filter((p) => p.configured)
              .map((p) => (
                <Grid key={p.platform} size={{ xs: 12, md: 6 }}>
                  <PlatformCard
                    platform={p}
                    integration={d.integrations.find(
                      (i) => i.platform === p.platform && i.status !== "revoked",
                    )}
                    manage={manage}
                  />
                </Grid>
              ))}
          </Grid>
        )}
      </QueryState>
    </Stack>
  );
}

function PlatformCard({
  platform,
  integration,
  manage,
}: {
  platform: PlatformInfo;
  integration: Integration | undefined;
  manage: boolean;
}) {
  const queries = useQueryClient();
  const [problem, setProblem] = useState<unknown>(null);
  const [form, setForm] = useState(false);
  const refresh = () => queries.invalidateQueries({ queryKey: ["integrations"] });
  const status = integration ? STATUS[integration.status] ?? STATUS.pending : null;
  const oauth = platform.auth_method === "oauth2";

  const connect = useMutation({
    mutationFn: async () => {
      setProblem(null);
      const popup = openBlankPopup();
      try {
        const started = unwrap(
          await api.POST("/api/v1/integrations/{platform}/authorize", {
            params: { path: { platform: platform.platform } },
            body: {},
          }),
        );
        if (!popup) {
          // no popup allowed: the whole page goes, and the callback's answer is where it lands
          window.location.assign(started.authorization_url);
          return;
        }
        const outcome = await followPopup(popup, started.authorization_url);
        if (outcome.kind === "done" && outcome.problem) setProblem(new ApiError(400, outcome.problem));
      } catch (error) {
        popup?.close();
        throw error;
      }
    },
    onSettled: refresh,
  });
  const check = useMutation({
    mutationFn: async (id: string) =>
      unwrap(
        await api.POST("/api/v1/integrations/{integration_id}/health-check", {
          params: { path: { integration_id: id } },
        }),
      ),
    onSuccess: refresh,
  });
  const disconnect = useMutation({
    mutationFn: async (id: string) =>
      unwrap(
        await api.DELETE("/api/v1/integrations/{integration_id}", {
          params: { path: { integration_id: id } },
        }),
      ),
    onSuccess: refresh,
  });
  const title = platformLabel(platform.platform);
  const health = integration?.last_health_check;
  return (
    <Card variant="outlined" component="section" aria-label={title}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap" }}>
          <Typography variant="h6" component="h2">
            {title}
          </Typography>
          <Chip
            size="small"
            label={status?.label ?? "Not connected"}
            color={status?.color ?? "default"}
            variant={status ? "filled" : "outlined"}
          />
        </Stack>
        {integration ? (
          <Stack spacing={0.5} sx={{ mt: 1 }}>
            {integration.account ? (
              <Typography>Account: {integration.account.name}</Typography>
            ) : null}
            {integration.error_reason ? (
              <Typography color="error">{integration.error_reason}</Typography>
            ) : null}
            {health ? (
              <Typography color="text.secondary">
                Health: {health.ok ? "working" : `failing (${health.reason ?? "no reason given"})`} ·{" "}
                {new Date(health.checked_at).toLocaleString()}
              </Typography>
            ) : null}
            <ChannelAccounts integration={integration} manage={manage} />
          </Stack>
        ) : (
          <Typography color="text.secondary" sx={{ mt: 1 }}>
            {platform.capabilities.join(", ")}
          </Typography>
        )}
        <ProblemAlert error={problem ?? connect.error ?? check.error ?? disconnect.error} />
      </CardContent>
      {manage ? (
        <CardActions sx={{ flexWrap: "wrap" }}>
          {!integration || integration.status !== "connected" ? (
            <Button
              variant="contained"
              onClick={() => (oauth ? connect.mutate() : setForm(true))}
              disabled={connect.isPending}
            >
              {integration ? `Reconnect ${title}` : `Connect ${title}`}
            </Button>
          ) : null}
          {integration ? (
            <>
              <Button onClick={() => check.mutate(integration.id)} disabled={check.isPending}>
                Check health
              </Button>
              <Button
                color="error"
                onClick={() => disconnect.mutate(integration.id)}
                disabled={disconnect.isPending}
              >
                Disconnect
              </Button>
            </>
          ) : null}
        </CardActions>
      ) : null}
      {form ? <CredentialsDialog platform={platform} onClose={() => setForm(false)} /> : null}
    </Card>
  );
}

function ChannelAccounts({ integration, manage }: { integration: Integration; manage: boolean }) {
  const accounts = useQuery(channelAccountsQuery(integration.id));
  const brandId = useAppSelector((s) => s.workspace.brandId);
  const queries = useQueryClient();
  const discover = useMutation({
    mutationFn: async (brand: string) =>
      unwrap(
        await api.POST("/api/v1/brands/{brand_id}/channel-accounts/discover", {
          params: { path: { brand_id: brand } },
          body: { integration_id: integration.id },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["channel-accounts"] }),
  });
  return (
    <Stack spacing={1} sx={{ mt: 1 }}>
      <Typography variant="subtitle1" component="h3">
        Channel accounts
      </Typography>
      <QueryState
        query={accounts}
        empty={(items) => items.length === 0}
        emptyText="None discovered yet."
      >
        {(items) => (
          <List dense aria-label={`Channel accounts of ${integration.platform}`}>
            {items.map((a) => (
              <ListItem key={a.id} disableGutters>
                <ListItemText primary={a.name} secondary={`${a.channel} · ${a.kind} · ${a.status}`} />
              </ListItem>
            ))}
          </List>
        )}
      </QueryState>
      {manage && brandId && integration.status === "connected" ? (
        <Button
          size="small"
          sx={{ alignSelf: "flex-start" }}
          onClick={() => discover.mutate(brandId)}
          disabled={discover.isPending}
        >
          Discover accounts for the current brand
        </Button>
      ) : null}
      <ProblemAlert error={discover.error} />
    </Stack>
  );
}

/** API-key and app-password platforms: the platform's own form, validated by the API. */
function CredentialsDialog({ platform, onClose }: { platform: PlatformInfo; onClose: () => void }) {
  const queries = useQueryClient();
  const [fields, setFields] = useState<Record<string, string>>({});
  const connect = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/integrations/{platform}/connect", {
          params: { path: { platform: platform.platform } },
          body: { fields },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ["integrations"] });
      onClose();
    },
  });
  const server = fieldErrors(connect.error instanceof ApiError ? connect.error.problem : null);
  const title = platformLabel(platform.platform);
  return (
    <Dialog open onClose={onClose} aria-labelledby="connect-title" fullWidth>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          connect.mutate();
        }}
        noValidate
      >
        <DialogTitle id="connect-title">Connect {title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {platform.form_fields.map((f) => (
              <TextField
                key={f.name}
                label={f.label}
                type={f.secret ? "password" : "text"}
                autoComplete="off"
                value={fields[f.name] ?? ""}
                onChange={(e) => setFields({ ...fields, [f.name]: e.target.value })}
                error={Boolean(server[f.name])}
                helperText={server[f.name]}
              />
            ))}
            <ProblemAlert error={connect.error} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={connect.isPending}>
            Connect
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
