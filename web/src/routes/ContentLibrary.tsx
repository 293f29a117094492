import {
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from "@mui/material";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Link as RouterLink, useNavigate } from "react-router";

import { api } from "../api/client";
import { ApiError, fieldErrors, unwrap } from "../api/problems";
import { brandsQuery } from "../api/queries";
import { ProblemAlert, QueryState } from "../components/QueryState";
import {
  CHANNELS,
  CONTENT_TYPES,
  contentPageQuery,
  label,
  STATUSES,
  type ChannelName,
  type ContentType,
  type ListFilters,
} from "../content/api";
import { StatusChip } from "../content/StatusChip";
import { useDebounced } from "../content/useDebounced";
import { useAppSelector } from "../store";

const NO_FILTERS: ListFilters = { q: "", status: "", channel: "", content_type: "" };

/** The chosen brand's pieces: search, filters, cursor pages, and a new piece. */
export default function ContentLibrary() {
  const brandId = useAppSelector((s) => s.workspace.brandId);
  const brands = useQuery(brandsQuery);
  // the switcher's brand; until it has chosen, the first one, as the switcher will
  const brand = brands.data?.find((b) => b.id === brandId) ?? brands.data?.[0];
  const [creating, setCreating] = useState(false);
  if (brands.isPending || brands.isError) return <QueryState query={brands}>{() => null}</QueryState>;
  if (!brand) {
    return (
      <Stack spacing={2}>
        <Typography variant="h4" component="h1">
          Content
        </Typography>
        <Typography>
          No brand yet:{" "}
          <RouterLink to="/brands">create one</RouterLink> first, since content belongs to a brand.
        </Typography>
      </Stack>
    );
  }
  return (
    <Stack spacing={2}>
      <Stack
        direction="row"
        sx={{ justifyContent: "space-between", alignItems: "center", flexWrap: "wrap", gap: 1 }}
      >
        <Typography variant="h4" component="h1">
          Content of {brand.name}
        </Typography>
        <Button variant="contained" onClick={() => setCreating(true)}>
          New piece
        </Button>
      </Stack>
      <Library key={brand.id} brandId={brand.id} />
      <NewPieceDialog brandId={brand.id} open={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

function Library({ brandId }: { brandId: string }) {
  const [filters, setFilters] = useState<ListFilters>(NO_FILTERS);
  // the cursors of the pages seen so far: going back needs no cursor from the API
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const settled = useDebounced(filters, 300);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useQuery({
    ...contentPageQuery(brandId, settled, cursor),
    placeholderData: keepPreviousData,
  });
  const change = (next: Partial<ListFilters>) => {
    setFilters((f) => ({ ...f, ...next }));
    setCursors([null]);
  };
  const filtered = Object.values(settled).some(Boolean);
  return (
    <Stack spacing={2}>
      <Box
        role="search"
        aria-label="Search and filter content"
        sx={{ display: "flex", gap: 1.5, flexWrap: "wrap" }}
      >
        <TextField
          label="Search"
          type="search"
          size="small"
          value={filters.q}
          onChange={(e) => change({ q: e.target.value })}
          slotProps={{ htmlInput: { maxLength: 500 } }}
          sx={{ flex: "1 1 220px" }}
        />
        <Filter
          label="Status"
          value={filters.status}
          options={STATUSES}
          onChange={(status) => change({ status: status as ListFilters["status"] })}
        />
        <Filter
          label="Channel"
          value={filters.channel}
          options={CHANNELS}
          onChange={(channel) => change({ channel: channel as ListFilters["channel"] })}
        />
        <Filter
          label="Type"
          value={filters.content_type}
          options={CONTENT_TYPES}
          onChange={(t) => change({ content_type: t as ListFilters["content_type"] })}
        />
      </Box>
      <QueryState
        query={page}
        empty={(p) => p.items.length === 0 && cursors.length === 1}
        emptyText={
          filtered
            ? "Nothing matches these filters."
            : "No content yet: write the first piece with New piece."
        }
      >
        {(p) => (
          <>
            <List aria-label="Pieces" sx={{ opacity: page.isPlaceholderData ? 0.6 : 1 }}>
              {p.items.map((piece) => (
                <ListItem key={piece.id} disablePadding divider>
                  <ListItemButton component={RouterLink} to={`/content/${piece.id}`}>
                    <ListItemText
                      primary={piece.title || firstWords(piece.body) || "(untitled)"}
                      secondary={`${label(piece.content_type)} · ${label(piece.channel)} · version ${piece.current_version} · updated ${new Date(piece.updated_at).toLocaleString()}`}
                      slotProps={{ primary: { sx: { overflowWrap: "anywhere" } } }}
                    />
                    <StatusChip status={piece.status} />
                    {piece.open_threads ? (
                      <Chip
                        size="small"
                        variant="outlined"
                        sx={{ ml: 1 }}
                        label={`${piece.open_threads} open`}
                      />
                    ) : null}
                  </ListItemButton>
                </ListItem>
              ))}
            </List>
            <Stack direction="row" spacing={1} sx={{ justifyContent: "flex-end" }}>
              <Button
                disabled={cursors.length === 1}
                onClick={() => setCursors((c) => c.slice(0, -1))}
              >
                Previous page
              </Button>
              <Button
                disabled={!p.next_cursor || page.isPlaceholderData}
                onClick={() => p.next_cursor && setCursors((c) => [...c, p.next_cursor ?? null])}
              >
                Next page
              </Button>
            </Stack>
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function firstWords(text: string) {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function Filter(props: {
  label: string;
  value: string;
  options: string[];
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      select
      size="small"
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      sx={{ minWidth: 150, flex: "0 1 170px" }}
    >
      <MenuItem value="">Any</MenuItem>
      {props.options.map((o) => (
        <MenuItem key={o} value={o}>
          {label(o)}
        </MenuItem>
      ))}
    </TextField>
  );
}

type NewPiece = { content_type: ContentType; channel: ChannelName; title: string; body: string };

function NewPieceDialog(props: { brandId: string; open: boolean; onClose: () => void }) {
  const queries = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<NewPiece>({
    defaultValues: { content_type: "social_post", channel: "linkedin", title: "", body: "" },
  });
  const create = useMutation({
    mutationFn: async (fields: NewPiece) =>
      unwrap(
        await api.POST("/api/v1/brands/{brand_id}/content", {
          params: { path: { brand_id: props.brandId } },
          body: fields,
        }),
      ),
    onSuccess: async (piece) => {
      await queries.invalidateQueries({ queryKey: ["content", "list"] });
      form.reset();
      props.onClose();
      navigate(`/content/${piece.id}`);
    },
  });
  const server = fieldErrors(create.error instanceof ApiError ? create.error.problem : null);
  return (
    <Dialog open={props.open} onClose={props.onClose} aria-labelledby="new-piece-title" fullWidth>
      <form onSubmit={form.handleSubmit((fields) => create.mutate(fields))} noValidate>
        <DialogTitle id="new-piece-title">New piece</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Controller
              control={form.control}
              name="content_type"
              render={({ field }) => (
                <TextField select label="Type" {...field} error={Boolean(server.content_type)} helperText={server.content_type}>
                  {CONTENT_TYPES.map((t) => (
                    <MenuItem key={t} value={t}>
                      {label(t)}
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
            <Controller
              control={form.control}
              name="channel"
              render={({ field }) => (
                <TextField select label="Channel" {...field} error={Boolean(server.channel)} helperText={server.channel}>
                  {CHANNELS.map((c) => (
                    <MenuItem key={c} value={c}>
                      {label(c)}
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
            <TextField
              label="Title"
              {...form.register("title")}
              error={Boolean(server.title)}
              helperText={server.title}
            />
            <TextField
              label="Body"
              multiline
              minRows={3}
              {...form.register("body")}
              error={Boolean(server.body)}
              helperText={server.body}
            />
            <ProblemAlert error={create.error} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={create.isPending}>
            Create
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
