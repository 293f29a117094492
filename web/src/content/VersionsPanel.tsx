import { Box, List, ListItem, ListItemText, MenuItem, Paper, Stack, TextField, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { QueryState } from "../components/QueryState";
import { diffQuery, versionsQuery, type Diff, type Version } from "./api";

function author(v: Version) {
  return v.author.kind === "agent" ? `agent ${v.author.agent ?? ""}` : "a member";
}

/** Every version of the piece, and the API's word diff between any two of them. */
export function VersionsPanel({ contentId, current }: { contentId: string; current: number }) {
  const versions = useQuery(versionsQuery(contentId));
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const right = to ?? current;
  const left = from ?? Math.max(1, right - 1);
  return (
    <Paper variant="outlined" component="section" aria-labelledby="versions-title" sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" id="versions-title">
        Versions
      </Typography>
      <QueryState query={versions} empty={(items) => items.length === 0} emptyText="No version yet.">
        {(items) => (
          <Stack spacing={2}>
            <List dense aria-label="Version history">
              {[...items].reverse().map((v) => (
                <ListItem key={v.number} disableGutters>
                  <ListItemText
                    primary={`Version ${v.number}${v.number === current ? " (current)" : ""}`}
                    secondary={`${new Date(v.created_at).toLocaleString()} · by ${author(v)}${v.note ? ` · ${v.note}` : ""}`}
                  />
                </ListItem>
              ))}
            </List>
            {items.length > 1 ? (
              <>
                <Stack direction="row" spacing={1}>
                  <VersionPick label="Compare from" value={left} items={items} onChange={setFrom} />
                  <VersionPick label="to" value={right} items={items} onChange={setTo} />
                </Stack>
                {left === right ? (
                  <Typography color="text.secondary">Choose two different versions.</Typography>
                ) : (
                  <DiffView contentId={contentId} from={left} to={right} />
                )}
              </>
            ) : (
              <Typography color="text.secondary">Save a new version to compare it with this one.</Typography>
            )}
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}

function VersionPick(props: {
  label: string;
  value: number;
  items: Version[];
  onChange: (n: number) => void;
}) {
  return (
    <TextField
      select
      size="small"
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(Number(e.target.value))}
      sx={{ minWidth: 120 }}
    >
      {props.items.map((v) => (
        <MenuItem key={v.number} value={v.number}>
          Version {v.number}
        </MenuItem>
      ))}
    </TextField>
  );
}

function DiffView({ contentId, from, to }: { contentId: string; from: number; to: number }) {
  const diff = useQuery(diffQuery(contentId, from, to));
  return (
    <QueryState
      query={diff}
      empty={(d: Diff) => d.fields.length === 0}
      emptyText="The two versions say the same."
    >
      {(d) => (
        <Stack spacing={1} aria-label={`Changes from version ${d.from} to ${d.to}`} role="region">
          {d.fields.map((f) => (
            <Box key={f.field}>
              <Typography variant="subtitle2" component="h3">
                {f.field}
              </Typography>
              <Box
                component="p"
                sx={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", m: 0, fontFamily: "inherit" }}
              >
                {f.hunks.map((h, i) => (
                  <Hunk key={i} op={h.op} before={h.before} after={h.after} />
                ))}
              </Box>
            </Box>
          ))}
        </Stack>
      )}
    </QueryState>
  );
}

const DEL = { bgcolor: "#ffe3e3", color: "#8a1111", textDecoration: "line-through" };
const INS = { bgcolor: "#dcf5e3", color: "#0b5a26", textDecoration: "none" };

function Hunk({ op, before, after }: { op: string; before: string; after: string }) {
  if (op === "equal") return <>{after}</>;
  return (
    <>
      {before ? (
        <Box component="del" sx={DEL}>
          {before}
        </Box>
      ) : null}
      {after ? (
        <Box component="ins" sx={INS}>
          {after}
        </Box>
      ) : null}
    </>
  );
}
