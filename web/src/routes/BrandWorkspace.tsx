import {
  Box,
  Button,
  Chip,
  IconButton,
  MenuItem,
  Paper,
  Stack,
  Tab,
  Tabs,
  TextField,
  Typography,
} from "@mui/material";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useFieldArray, useForm, useWatch } from "react-hook-form";
import { useParams } from "react-router";

import { api } from "../api/client";
import { ApiError, fieldErrors, unwrap } from "../api/problems";
import { brandQuery, type Brand } from "../api/queries";
import type { components } from "../api/schema";
import { ProblemAlert, QueryState } from "../components/QueryState";

type VoiceIn = components["schemas"]["VoiceIn"];
type StylingIn = components["schemas"]["StylingIn"];

export default function BrandWorkspace() {
  const { brandId = "" } = useParams();
  const brand = useQuery(brandQuery(brandId));
  const [tab, setTab] = useState(0);
  return (
    <QueryState query={brand}>
      {(b) => (
        <Stack spacing={2}>
          <Typography variant="h4" component="h1">
            {b.name}
          </Typography>
          <Tabs value={tab} onChange={(_, v: number) => setTab(v)} aria-label="Brand sections">
            <Tab label="Voice" id="tab-voice" aria-controls="panel-voice" />
            <Tab label="Styling" id="tab-styling" aria-controls="panel-styling" />
          </Tabs>
          <div role="tabpanel" id="panel-voice" aria-labelledby="tab-voice" hidden={tab !== 0}>
            {tab === 0 ? <VoiceForm brand={b} /> : null}
          </div>
          <div role="tabpanel" id="panel-styling" aria-labelledby="tab-styling" hidden={tab !== 1}>
            {tab === 1 ? <StylingForm brand={b} /> : null}
          </div>
        </Stack>
      )}
    </QueryState>
  );
}

/** PATCH the brand with If-Match, so a concurrent edit is refused, not overwritten. */
function useBrandPatch(brand: Brand) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (body: components["schemas"]["BrandPatch"]) =>
      unwrap(
        await api.PATCH("/api/v1/brands/{brand_id}", {
          params: { path: { brand_id: brand.id }, header: { "If-Match": `"${brand.version}"` } },
          body,
        }),
      ),
    onSuccess: (saved) => {
      queries.setQueryData(["brands", brand.id], saved);
      void queries.invalidateQueries({ queryKey: ["brands"], exact: true });
    },
  });
}

const LIST_FIELDS = [
  ["tone", "Tone (one word or phrase per line)"],
  ["banned_words", "Banned words"],
  ["required_disclosures", "Required disclosures"],
  ["phrases_to_use", "Phrases to use"],
  ["phrases_to_avoid", "Phrases to avoid"],
] as const;

type VoiceFields = {
  tone: string;
  banned_words: string;
  required_disclosures: string;
  phrases_to_use: string;
  phrases_to_avoid: string;
  hashtag_policy: VoiceIn["hashtag_policy"];
  emoji_policy: VoiceIn["emoji_policy"];
  max_hashtags: number;
  reading_grade: string;
};

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

function VoiceForm({ brand }: { brand: Brand }) {
  const patch = useBrandPatch(brand);
  const v = brand.voice;
  const form = useForm<VoiceFields>({
    defaultValues: {
      tone: v.tone.join("\n"),
      banned_words: v.banned_words.join("\n"),
      required_disclosures: v.required_disclosures.join("\n"),
      phrases_to_use: v.phrases_to_use.join("\n"),
      phrases_to_avoid: v.phrases_to_avoid.join("\n"),
      hashtag_policy: v.hashtag_policy as VoiceIn["hashtag_policy"],
      emoji_policy: v.emoji_policy as VoiceIn["emoji_policy"],
      max_hashtags: v.max_hashtags,
      reading_grade: v.reading_grade === null ? "" : String(v.reading_grade),
    },
  });
  const server = fieldErrors(patch.error instanceof ApiError ? patch.error.problem : null);
  const save = form.handleSubmit((f) =>
    patch.mutate({
      voice: {
        ...v,
        tone: lines(f.tone),
        banned_words: lines(f.banned_words),
        required_disclosures: lines(f.required_disclosures),
        phrases_to_use: lines(f.phrases_to_use),
        phrases_to_avoid: lines(f.phrases_to_avoid),
        hashtag_policy: f.hashtag_policy,
        emoji_policy: f.emoji_policy,
        max_hashtags: Number(f.max_hashtags),
        reading_grade: f.reading_grade === "" ? null : Number(f.reading_grade),
      },
    }),
  );
  return (
    <Paper component="form" onSubmit={save} noValidate sx={{ p: 2 }} aria-label="Voice">
      <Stack spacing={2}>
        {LIST_FIELDS.map(([name, label]) => (
          <TextField
            key={name}
            label={label}
            multiline
            minRows={2}
            {...form.register(name)}
            error={Boolean(server[name])}
            helperText={server[name]}
          />
        ))}
        <Stack direction={{ xs: "column", sm: "row" }} spacing={2}>
          <Controller
            control={form.control}
            name="hashtag_policy"
            render={({ field }) => (
              <TextField select label="Hashtags" {...field} sx={{ minWidth: 180 }}>
                <MenuItem value="none">None</MenuItem>
                <MenuItem value="branded_only">Branded only</MenuItem>
                <MenuItem value="relevant">Relevant</MenuItem>
              </TextField>
            )}
          />
          <Controller
            control={form.control}
            name="emoji_policy"
            render={({ field }) => (
              <TextField select label="Emoji" {...field} sx={{ minWidth: 160 }}>
                <MenuItem value="none">None</MenuItem>
                <MenuItem value="sparing">Sparing</MenuItem>
                <MenuItem value="free">Free</MenuItem>
              </TextField>
            )}
          />
          <TextField
            label="Most hashtags"
            type="number"
            slotProps={{ htmlInput: { min: 0, max: 30 } }}
            {...form.register("max_hashtags")}
            error={Boolean(server.max_hashtags)}
            helperText={server.max_hashtags}
          />
          <TextField
            label="Reading grade"
            type="number"
            slotProps={{ htmlInput: { min: 1, max: 18 } }}
            {...form.register("reading_grade")}
            error={Boolean(server.reading_grade)}
            helperText={server.reading_grade ?? "Empty: no limit"}
          />
        </Stack>
        <ProblemAlert error={patch.error} />
        {patch.isSuccess ? <Typography role="status">Voice saved.</Typography> : null}
        <Box>
          <Button type="submit" variant="contained" disabled={patch.isPending}>
            Save voice
          </Button>
        </Box>
      </Stack>
    </Paper>
  );
}

type StylingFields = {
  palette: { role: string; color: string }[];
  fonts: { role: string; family: string }[];
  logo_url: string;
};

function StylingForm({ brand }: { brand: Brand }) {
  const patch = useBrandPatch(brand);
  const form = useForm<StylingFields>({
    defaultValues: {
      palette: brand.styling.palette.map((c) => ({ ...c })),
      fonts: brand.styling.fonts.map((f) => ({ ...f })),
      logo_url: brand.styling.logo_url ?? "",
    },
  });
  const palette = useFieldArray({ control: form.control, name: "palette" });
  const fonts = useFieldArray({ control: form.control, name: "fonts" });
  const colours = useWatch({ control: form.control, name: "palette" });
  const server = fieldErrors(patch.error instanceof ApiError ? patch.error.problem : null);
  const save = form.handleSubmit((f) => {
    const styling: StylingIn = {
      palette: f.palette,
      fonts: f.fonts,
      logo_url: f.logo_url || null,
    };
    patch.mutate({ styling });
  });
  return (
    <Paper component="form" onSubmit={save} noValidate sx={{ p: 2 }} aria-label="Styling">
      <Stack spacing={2}>
        <Typography variant="h6" component="h2">
          Palette
        </Typography>
        <Stack direction="row" spacing={1} aria-label="Palette preview" sx={{ flexWrap: "wrap" }}>
          {colours.map((c, i) => (
            <Chip
              key={`${c.role}-${i}`}
              label={`${c.role} ${c.color}`}
              sx={{ bgcolor: c.color, color: readableOn(c.color), border: "1px solid #666" }}
            />
          ))}
        </Stack>
        {palette.fields.map((field, index) => (
          <Stack key={field.id} direction="row" spacing={1} sx={{ alignItems: "center" }}>
            <TextField label="Role" size="small" {...form.register(`palette.${index}.role`)} />
            <TextField
              label="Colour"
              size="small"
              type="color"
              sx={{ width: 120 }}
              {...form.register(`palette.${index}.color`)}
            />
            <IconButton aria-label={`Remove colour ${index + 1}`} onClick={() => palette.remove(index)}>
              ×
            </IconButton>
          </Stack>
        ))}
        <Box>
          <Button onClick={() => palette.append({ role: "accent", color: "#1d4ed8" })}>
            Add colour
          </Button>
        </Box>
        <Typography variant="h6" component="h2">
          Fonts
        </Typography>
        {fonts.fields.map((field, index) => (
          <Stack key={field.id} direction="row" spacing={1} sx={{ alignItems: "center" }}>
            <TextField label="Role" size="small" {...form.register(`fonts.${index}.role`)} />
            <TextField label="Family" size="small" {...form.register(`fonts.${index}.family`)} />
            <IconButton aria-label={`Remove font ${index + 1}`} onClick={() => fonts.remove(index)}>
              ×
            </IconButton>
          </Stack>
        ))}
        <Box>
          <Button onClick={() => fonts.append({ role: "body", family: "Inter" })}>Add font</Button>
        </Box>
        <TextField
          label="Logo URL"
          {...form.register("logo_url")}
          error={Boolean(server.logo_url)}
          helperText={server.logo_url}
        />
        <ProblemAlert error={patch.error} />
        {patch.isSuccess ? <Typography role="status">Styling saved.</Typography> : null}
        <Box>
          <Button type="submit" variant="contained" disabled={patch.isPending}>
            Save styling
          </Button>
        </Box>
      </Stack>
    </Paper>
  );
}

/** Black or white, whichever reads better on ``hex`` (WCAG relative luminance). */
export function readableOn(hex: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m?.[1]) return "#000";
  const value = parseInt(m[1], 16);
  const channel = (shift: number) => {
    const c = ((value >> shift) & 255) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
  return luminance > 0.179 ? "#000" : "#fff";
}
