import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  MenuItem,
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
import { brandsQuery, can, type Me, type Member, membersQuery } from "../../api/queries";
import { ProblemAlert, QueryState } from "../../components/QueryState";
import { BrandAccess, ROLES, roleLabel } from "./BrandAccess";

/** The organization's members: role, brand access and removal for those who manage members. */
export function Members({ me }: { me: Me }) {
  const members = useQuery(membersQuery);
  const brands = useQuery(brandsQuery);
  const manage = can(me, "members:manage");
  const [editing, setEditing] = useState<Member | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const brandName = (id: string) => brands.data?.find((b) => b.id === id)?.name ?? id;
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h2">
        Members
      </Typography>
      <QueryState query={members} empty={(items) => items.length === 0} emptyText="No member.">
        {(items) => (
          <TableContainer>
            <Table size="small" aria-label="Members">
              <TableHead>
                <TableRow>
                  <TableCell>Member</TableCell>
                  <TableCell>Role</TableCell>
                  <TableCell>Brands</TableCell>
                  {manage ? <TableCell>Actions</TableCell> : null}
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map((m) => (
                  <TableRow key={m.user_id}>
                    <TableCell>
                      {m.display_name || m.email}
                      {m.display_name ? (
                        <Typography variant="body2" color="text.secondary">
                          {m.email}
                        </Typography>
                      ) : null}
                    </TableCell>
                    <TableCell>{roleLabel(m.role)}</TableCell>
                    <TableCell>
                      {m.brand_ids === null ? "Every brand" : m.brand_ids.map(brandName).join(", ") || "None"}
                    </TableCell>
                    {manage ? (
                      <TableCell>
                        <Stack direction="row" spacing={1}>
                          <Button
                            size="small"
                            aria-label={`Change ${m.email}`}
                            onClick={() => setEditing(m)}
                          >
                            Change
                          </Button>
                          <Button
                            size="small"
                            color="error"
                            aria-label={`Remove ${m.email}`}
                            onClick={() => setRemoving(m)}
                          >
                            Remove
                          </Button>
                        </Stack>
                      </TableCell>
                    ) : null}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </QueryState>
      {editing ? <EditMemberDialog member={editing} onClose={() => setEditing(null)} /> : null}
      {removing ? (
        <RemoveMemberDialog member={removing} onClose={() => setRemoving(null)} />
      ) : null}
    </Stack>
  );
}

function EditMemberDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const queries = useQueryClient();
  const [role, setRole] = useState(member.role);
  const [brandIds, setBrandIds] = useState<string[] | null>(member.brand_ids);
  const [password, setPassword] = useState("");
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PATCH("/api/v1/members/{user_id}", {
          params: { path: { user_id: member.user_id } },
          body: {
            role,
            brand_ids: brandIds,
            // granting the owner role asks for the acting owner's own password again
            ...(role === "owner" && member.role !== "owner" ? { password } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ["members"] });
      onClose();
    },
  });
  const server = fieldErrors(save.error instanceof ApiError ? save.error.problem : null);
  return (
    <Dialog open onClose={onClose} aria-labelledby="edit-member-title" fullWidth>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        noValidate
      >
        <DialogTitle id="edit-member-title">Change {member.display_name || member.email}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField
              select
              label="Role"
              value={role}
              onChange={(e) => setRole(e.target.value)}
              error={Boolean(server.role)}
              helperText={server.role ?? "Their sign-ins end, so the new rights apply at once"}
            >
              {ROLES.map((r) => (
                <MenuItem key={r} value={r}>
                  {roleLabel(r)}
                </MenuItem>
              ))}
            </TextField>
            {role === "owner" && member.role !== "owner" ? (
              <TextField
                label="Your password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                error={Boolean(server.password)}
                helperText={server.password ?? "Granting the owner role needs your password again"}
              />
            ) : null}
            <BrandAccess value={brandIds} onChange={setBrandIds} error={server.brand_ids} />
            <ProblemAlert error={save.error} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={save.isPending}>
            Save
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function RemoveMemberDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const queries = useQueryClient();
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.DELETE("/api/v1/members/{user_id}", {
          params: { path: { user_id: member.user_id } },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ["members"] });
      onClose();
    },
  });
  return (
    <Dialog open onClose={onClose} aria-labelledby="remove-member-title">
      <DialogTitle id="remove-member-title">Remove {member.email}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Their sign-ins end now and the API keys they made stop working.
        </DialogContentText>
        <ProblemAlert error={remove.error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button color="error" variant="contained" onClick={() => remove.mutate()} disabled={remove.isPending}>
          Remove
        </Button>
      </DialogActions>
    </Dialog>
  );
}
