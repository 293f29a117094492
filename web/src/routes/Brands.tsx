import {
  Button,
  Card,
  CardActionArea,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Grid,
  Stack,
  TextField,
  Typography,
} from "@mui/material";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link as RouterLink, useNavigate } from "react-router";

import { api } from "../api/client";
import { ApiError, fieldErrors, unwrap } from "../api/problems";
import { brandsQuery } from "../api/queries";
import { ProblemAlert, QueryState } from "../components/QueryState";
import { chooseBrand, useAppDispatch } from "../store";

export default function Brands() {
  const brands = useQuery(brandsQuery);
  const [creating, setCreating] = useState(false);
  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center" }}>
        <Typography variant="h4" component="h1">
          Brands
        </Typography>
        <Button variant="contained" onClick={() => setCreating(true)}>
          New brand
        </Button>
      </Stack>
      <QueryState
        query={brands}
        empty={(items) => items.length === 0}
        emptyText="No brand yet: create the first one to describe its voice once."
      >
        {(items) => (
          <Grid container spacing={2}>
            {items.map((brand) => (
              <Grid key={brand.id} size={{ xs: 12, sm: 6, md: 4 }}>
                <Card variant="outlined">
                  <CardActionArea component={RouterLink} to={`/brands/${brand.id}`}>
                    <CardContent>
                      <Typography variant="h6" component="h2">
                        {brand.name}
                      </Typography>
                      <Typography color="text.secondary">
                        {brand.industry || "No industry set"} · {brand.time_zone}
                      </Typography>
                    </CardContent>
                  </CardActionArea>
                </Card>
              </Grid>
            ))}
          </Grid>
        )}
      </QueryState>
      <CreateBrandDialog open={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

type NewBrand = { name: string; industry: string; time_zone: string; website: string };

function CreateBrandDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const queries = useQueryClient();
  const navigate = useNavigate();
  const dispatch = useAppDispatch();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const form = useForm<NewBrand>({
    defaultValues: { name: "", industry: "", time_zone: zone, website: "" },
  });
  const create = useMutation({
    mutationFn: async (fields: NewBrand) =>
      unwrap(
        await api.POST("/api/v1/brands", {
          body: { ...fields, website: fields.website || null },
        }),
      ),
    onSuccess: async (brand) => {
      await queries.invalidateQueries({ queryKey: ["brands"] });
      dispatch(chooseBrand(brand.id));
      form.reset();
      onClose();
      navigate(`/brands/${brand.id}`);
    },
  });
  const server = fieldErrors(create.error instanceof ApiError ? create.error.problem : null);
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="new-brand-title" fullWidth>
      <form onSubmit={form.handleSubmit((fields) => create.mutate(fields))} noValidate>
        <DialogTitle id="new-brand-title">New brand</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField
              label="Name"
              required
              autoFocus
              {...form.register("name", { required: "name the brand" })}
              error={Boolean(form.formState.errors.name ?? server.name)}
              helperText={form.formState.errors.name?.message ?? server.name}
            />
            <TextField label="Industry" {...form.register("industry")} />
            <TextField
              label="Time zone"
              {...form.register("time_zone")}
              error={Boolean(server.time_zone)}
              helperText={server.time_zone ?? "An IANA zone, e.g. Europe/Berlin"}
            />
            <TextField
              label="Website"
              {...form.register("website")}
              error={Boolean(server.website)}
              helperText={server.website}
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
