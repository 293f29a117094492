import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
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
import { can, invitationsQuery, type Me } from "../../api/queries";
import { ProblemAlert, QueryState } from "../../components/QueryState";
import { BrandAccess, ROLES, roleLabel } from "./BrandAccess";

/** Pending invitations: send one (the token goes by mail only), list, revoke. */
export function Invitations({ me }: { me: Me }) {
  const manage = can(me, "members:manage");
  const invitations = useQuery({ ...invitationsQuery, enabled: manage });
  const queries = useQueryClient();
  const [inviting, setInviting] = useState(false);
  const [sent, setSent] = useState<{ email: string; mailed: boolean } | null>(null);
  const revoke = useMutation({
    mutationFn: async (id: string) =>
      unwrap(
        await api.DELETE("/api/v1/invitations/{invitation_id}", {
          params: { path: { invitation_id: id } },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["invitations"] }),
  });
  if (!manage) return null;
  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center" }}>
        <Typography variant="h5" component="h2">
          Pending invitations
        </Typography>
        <Button variant="contained" onClick={() => setInviting(true)}>
          Invite someone
        </Button>
      </Stack>
      {sent ? (
        <Alert severity={sent.mailed ? "success" : "warning"} role="status">
          {sent.mailed
            ? `Invitation mailed to ${sent.email}.`
            : `The invitation to ${sent.email} is pending but the mail could not be sent.`}
        </Alert>
      ) : null}
      <ProblemAlert error={revoke.error} />
      <QueryState
        query={invitations}
        empty={(items) => items.length === 0}
        emptyText="No pending invitation."
      >
        {(items) => (
          <List aria-label="Pending invitations">
            {items.map((i) => (
              <ListItem
                key={i.id}
                divider
                secondaryAction={
                  <Button
                    color="error"
                    aria-label={`Revoke the invitation of ${i.email}`}
                    onClick={() => revoke.mutate(i.id)}
                    disabled={revoke.isPending}
                  >
                    Revoke
                  </Button>
                }
              >
                <ListItemText
                  primary={i.email}
                  secondary={`${roleLabel(i.role)} · expires ${new Date(i.expires_at).toLocaleString()}`}
                />
              </ListItem>
            ))}
          </List>
        )}
      </QueryState>
      {inviting ? (
        <InviteDialog
          onClose={() => setInviting(false)}
          onSent={(email, mailed) => {
            setSent({ email, mailed });
            setInviting(false);
          }}
        />
      ) : null}
    </Stack>
  );
}

function InviteDialog({
  onClose,
  onSent,
}: {
  onClose: () => void;
  onSent: (email: string, mailed: boolean) => void;
}) {
  const queries = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<string>("content_creator");
  const [brandIds, setBrandIds] = useState<string[] | null>(null);
  const [password, setPassword] = useState("");
  const invite = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/invitations", {
          body: {
            email: email.trim(),
            role,
            brand_ids: brandIds,
            ...(role === "owner" ? { password } : {}),
          },
        }),
      ),
    onSuccess: async (created) => {
      await queries.invalidateQueries({ queryKey: ["invitations"] });
      onSent(created.email, created.mail_sent);
    },
  });
  const server = fieldErrors(invite.error instanceof ApiError ? invite.error.problem : null);
  return (
    <Dialog open onClose={onClose} aria-labelledby="invite-title" fullWidth>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          invite.mutate();
        }}
        noValidate
      >
        <DialogTitle id="invite-title">Invite someone</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField
              label="Email"
              type="email"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={Boolean(server.email)}
              helperText={server.email}
            />
            <TextField
              select
              label="Role"
              value={role}
              onChange={(e) => setRole(e.target.value)}
              error={Boolean(server.role)}
              helperText={server.role}
            >
              {ROLES.map((r) => (
                <MenuItem key={r} value={r}>
                  {roleLabel(r)}
                </MenuItem>
              ))}
            </TextField>
            {role === "owner" ? (
              <TextField
                label="Your password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                error={Boolean(server.password)}
                helperText={server.password ?? "Inviting an owner needs your password again"}
              />
            ) : null}
            <BrandAccess value={brandIds} onChange={setBrandIds} error={server.brand_ids} />
            <ProblemAlert error={invite.error} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={invite.isPending}>
            Send invitation
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
