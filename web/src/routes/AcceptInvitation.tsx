import { Alert, Box, Button, Paper, Stack, TextField, Typography } from "@mui/material";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useNavigate } from "react-router";

import { ApiError, fieldErrors, type Problem } from "../api/problems";
import { ProblemAlert } from "../components/QueryState";
import { session, SessionError } from "../auth/session";

type Fields = { password: string; display_name: string };

// kept for the page's life: the fragment is cleared once read, and the screen may mount again
let taken = "";

/** The mailed token, read from the fragment: it never travels to a server in a URL. */
function takeToken(): string {
  const found = new URLSearchParams(window.location.hash.replace(/^#/, "")).get("token");
  if (found) {
    taken = found;
    // out of the address bar (and so out of history and screenshots) once read
    window.history.replaceState(null, "", window.location.pathname);
  }
  return taken;
}

/** `/accept-invitation#token=…`: set a password (or prove yours), join and be signed in. */
export default function AcceptInvitation() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [token] = useState(takeToken);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const form = useForm<Fields>({ defaultValues: { password: "", display_name: "" } });
  const server = fieldErrors(failure?.problem);

  const submit = form.handleSubmit(async ({ password, display_name }) => {
    setFailure(null);
    try {
      await session.acceptInvitation(token, password, display_name.trim() || undefined);
      queries.clear(); // whatever an earlier sign-in in this tab read is not this user's
      navigate("/", { replace: true });
    } catch (error) {
      const problem = error instanceof SessionError ? (error.problem as Problem | null) : null;
      setFailure(new ApiError(error instanceof SessionError ? error.status : 0, problem));
    }
  });

  return (
    <Box component="main" sx={{ display: "grid", placeItems: "center", minHeight: "100vh", p: 2 }}>
      <Paper sx={{ p: 4, width: "100%", maxWidth: 460 }} elevation={2}>
        <Typography variant="h5" component="h1" gutterBottom>
          Join your team on umt
        </Typography>
        {token ? (
          <Stack
            component="form"
            spacing={2}
            onSubmit={submit}
            noValidate
            aria-label="Accept the invitation"
          >
            <Typography color="text.secondary">
              New to umt? Choose a password for your account. Already have one with this email?
              Enter its password.
            </Typography>
            <TextField
              label="Your name (optional)"
              autoComplete="name"
              {...form.register("display_name")}
              error={Boolean(server.display_name)}
              helperText={server.display_name}
            />
            <TextField
              label="Password"
              type="password"
              required
              autoComplete="new-password"
              {...form.register("password", { required: "enter a password" })}
              error={Boolean(form.formState.errors.password ?? server.password)}
              helperText={
                form.formState.errors.password?.message ??
                server.password ??
                "At least 12 characters for a new account"
              }
            />
            <ProblemAlert error={failure} />
            <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
              Join and sign in
            </Button>
          </Stack>
        ) : (
          <Alert severity="error" role="alert">
            This link carries no invitation token. Open the link from the invitation mail
            again, or ask for a new invitation.
          </Alert>
        )}
      </Paper>
    </Box>
  );
}
