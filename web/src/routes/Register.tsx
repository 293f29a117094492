import { zodResolver } from "@hookform/resolvers/zod";
import { Box, Button, Link, Paper, Stack, TextField, Typography } from "@mui/material";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link as RouterLink, useNavigate } from "react-router";
import { z } from "zod";

import { api } from "../api/client";
import { ApiError, fieldErrors, unwrap } from "../api/problems";
import { ProblemAlert } from "../components/QueryState";
import { session } from "../auth/session";

const schema = z.object({
  organization_name: z.string().trim().min(1, "name your organization").max(200),
  display_name: z.string().trim().max(200).optional(),
  email: z.string().trim().email("enter an email address"),
  password: z.string().min(12, "at least 12 characters"),
});
type Fields = z.infer<typeof schema>;

export default function Register() {
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const form = useForm<Fields>({ resolver: zodResolver(schema) });
  const errors = form.formState.errors;
  const server = fieldErrors(error instanceof ApiError ? error.problem : null);

  const submit = form.handleSubmit(async (fields) => {
    setError(null);
    try {
      unwrap(
        await api.POST("/api/v1/auth/register", {
          body: { ...fields, display_name: fields.display_name || null },
        }),
      );
      await session.signIn(fields.email, fields.password);
      navigate("/", { replace: true });
    } catch (caught) {
      setError(caught);
    }
  });

  return (
    <Box component="main" sx={{ display: "grid", placeItems: "center", minHeight: "100vh", p: 2 }}>
      <Paper sx={{ p: 4, width: "100%", maxWidth: 460 }} elevation={2}>
        <Typography variant="h5" component="h1" gutterBottom>
          Create your organization
        </Typography>
        <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label="Register">
          <TextField
            label="Organization"
            {...form.register("organization_name")}
            error={Boolean(errors.organization_name ?? server.organization_name)}
            helperText={errors.organization_name?.message ?? server.organization_name}
          />
          <TextField label="Your name" {...form.register("display_name")} />
          <TextField
            label="Email"
            type="email"
            autoComplete="username"
            {...form.register("email")}
            error={Boolean(errors.email ?? server.email)}
            helperText={errors.email?.message ?? server.email}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="new-password"
            {...form.register("password")}
            error={Boolean(errors.password ?? server.password)}
            helperText={errors.password?.message ?? server.password ?? "12 characters or more"}
          />
          <ProblemAlert error={error} />
          <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
            Create account
          </Button>
          <Link component={RouterLink} to="/sign-in">
            Already have an account? Sign in
          </Link>
        </Stack>
      </Paper>
    </Box>
  );
}
