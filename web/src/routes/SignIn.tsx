import { zodResolver } from "@hookform/resolvers/zod";
import { Box, Button, Link, Paper, Stack, TextField, Typography } from "@mui/material";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link as RouterLink, Navigate, useLocation, useNavigate } from "react-router";
import { z } from "zod";

import type { Problem } from "../api/problems";
import { useAuth } from "../auth/AuthProvider";
import { session, SessionError } from "../auth/session";

const schema = z.object({
  email: z.string().trim().email("enter an email address"),
  password: z.string().min(1, "enter your password"),
});
type Fields = z.infer<typeof schema>;

export default function SignIn() {
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<Fields>({ resolver: zodResolver(schema) });
  const next = (location.state as { from?: string } | null)?.from ?? "/";

  if (auth.status === "signed-in") return <Navigate to={next} replace />;

  const submit = form.handleSubmit(async ({ email, password }) => {
    setProblem(null);
    try {
      await session.signIn(email, password);
      navigate(next, { replace: true });
    } catch (error) {
      const detail =
        error instanceof SessionError ? (error.problem as Problem | null)?.detail : undefined;
      setProblem(detail ?? "sign-in failed; try again");
    }
  });

  return (
    <Box component="main" sx={{ display: "grid", placeItems: "center", minHeight: "100vh", p: 2 }}>
      <Paper sx={{ p: 4, width: "100%", maxWidth: 420 }} elevation={2}>
        <Typography variant="h5" component="h1" gutterBottom>
          Sign in to umt
        </Typography>
        <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label="Sign in">
          <TextField
            label="Email"
            type="email"
            autoComplete="username"
            {...form.register("email")}
            error={Boolean(form.formState.errors.email)}
            helperText={form.formState.errors.email?.message}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="current-password"
            {...form.register("password")}
            error={Boolean(form.formState.errors.password)}
            helperText={form.formState.errors.password?.message}
          />
          {problem ? (
            <Typography role="alert" color="error">
              {problem}
            </Typography>
          ) : null}
          <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
            Sign in
          </Button>
          <Link component={RouterLink} to="/register">
            New here? Create an account
          </Link>
        </Stack>
      </Paper>
    </Box>
  );
}
