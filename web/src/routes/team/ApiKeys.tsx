import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  FormGroup,
  FormLabel,
  List,
  ListItem,
  ListItemText,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from "@mui/material";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { api } from "../../api/client";
import { ApiError, fieldErrors, unwrap } from "../../api/problems";
import { apiKeysQuery, can, type Me } from "../../api/queries";
import { ProblemAlert, QueryState } from "../../components/QueryState";

const LIFETIMES = [30, 90, 365] as const;

/** API keys: create with scopes (the key is shown this once), list, revoke. */
export function ApiKeys({ me }: { me: Me }) {
  const manage = can(me, "api_keys:manage");
  const keys = useQuery({ ...apiKeysQuery, enabled: manage });
  const queries = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  const revoke = useMutation({
    mutationFn: async (id: string) =>
      unwrap(
        await api.DELETE("/api/v1/api-keys/{api_key_id}", { params: { path: { api_key_id: id } } }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["api-keys"] }),
  });
  if (!manage) {
    return <Typography color="text.secondary">Your role does not manage API keys.</Typography>;
  }
  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center" }}>
        <Typography variant="h5" component="h2">
          API keys
        </Typography>
        <Button variant="contained" onClick={() => setCreating(true)}>
          New API key
        </Button>
      </Stack>
      {shown ? <ShownOnce name={shown.name} secret={shown.key} onDone={() => setShown(null)} /> : null}
      <ProblemAlert error={revoke.error} />
      <QueryState
        query={keys}
        empty={(items) => items.length === 0}
        emptyText="No API key yet: create one for a script or an integration of your own."
      >
        {(items) => (
          <List aria-label="API keys">
            {items.map((k) => (
              <ListItem
                key={k.id}
                divider
                secondaryAction={
                  k.revoked_at ? null : (
                    <Button
                      color="error"
                      aria-label={`Revoke ${k.name}`}
                      onClick={() => revoke.mutate(k.id)}
                      disabled={revoke.isPending}
                    >
                      Revoke
                    </Button>
                  )
                }
              >
                <ListItemText
                  primary={`${k.name} (${k.prefix}…)`}
                  secondary={
                    k.revoked_at
                      ? `Revoked ${new Date(k.revoked_at).toLocaleString()}`
                      : `${k.scopes.join(", ")} · expires ${new Date(k.expires_at).toLocaleDateString()}` +
                        (k.last_used_at ? ` · last used ${new Date(k.last_used_at).toLocaleString()}` : "")
                  }
                />
              </ListItem>
            ))}
          </List>
        )}
      </QueryState>
      {creating ? (
        <CreateKeyDialog
          scopes={me.membership.permissions}
          onClose={() => setCreating(false)}
          onCreated={(name, key) => {
            setShown({ name, key });
            setCreating(false);
          }}
        />
      ) : null}
    </Stack>
  );
}

/** The new key, once: the API never shows it again. */
function ShownOnce({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <Alert
      severity="success"
      role="status"
      action={
        <Stack direction="row" spacing={1}>
          <Button
            color="inherit"
            size="small"
            onClick={() =>
              void navigator.clipboard.writeText(secret).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? "Copied" : "Copy"}
          </Button>
          <Button color="inherit" size="small" onClick={onDone}>
            Done
          </Button>
        </Stack>
      }
    >
      <Typography>
        The key {name}, shown this once: copy it now.
      </Typography>
      <Typography component="code" data-testid="new-api-key" sx={{ wordBreak: "break-all", fontFamily: "monospace" }}>
        {secret}
      </Typography>
    </Alert>
  );
}

function CreateKeyDialog({
  scopes,
  onClose,
  onCreated,
}: {
  scopes: string[];
  onClose: () => void;
  onCreated: (name: string, key: string) => void;
}) {
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [days, setDays] = useState<number>(90);
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/api-keys", {
          body: {
            name: name.trim(),
            scopes: chosen,
            expires_at: new Date(Date.now() + days * 86_400_000).toISOString(),
          },
        }),
      ),
    onSuccess: async (created) => {
      await queries.invalidateQueries({ queryKey: ["api-keys"] });
      onCreated(created.name, created.key);
    },
  });
  const server = fieldErrors(create.error instanceof ApiError ? create.error.problem : null);
  return (
    <Dialog open onClose={onClose} aria-labelledby="new-key-title" fullWidth>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
        noValidate
      >
        <DialogTitle id="new-key-title">New API key</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField
              label="Name"
              required
              autoFocus
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={Boolean(server.name)}
              helperText={server.name}
            />
            <TextField
              select
              label="Expires in"
              value={days}
              onChange={(e) => setDays(Number(e.target.value))}
              error={Boolean(server.expires_at)}
              helperText={server.expires_at}
            >
              {LIFETIMES.map((d) => (
                <MenuItem key={d} value={d}>
                  {d} days
                </MenuItem>
              ))}
            </TextField>
            <Stack component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
              <FormLabel component="legend">Scopes (at most your own rights)</FormLabel>
              <FormGroup sx={{ maxHeight: 240, overflowY: "auto" }}>
                {scopes.map((s) => (
                  <FormControlLabel
                    key={s}
                    label={s}
                    control={
                      <Checkbox
                        checked={chosen.includes(s)}
                        onChange={(e) =>
                          setChosen(e.target.checked ? [...chosen, s] : chosen.filter((c) => c !== s))
                        }
                      />
                    }
                  />
                ))}
              </FormGroup>
              {server.scopes ? (
                <FormLabel error role="alert">
                  {server.scopes}
                </FormLabel>
              ) : null}
            </Stack>
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
