import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Paper,
  Stack,
  Tab,
  Tabs,
  TextField,
  Typography,
} from "@mui/material";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type SyntheticEvent } from "react";
import { Link as RouterLink, useParams } from "react-router";

import { api } from "../api/client";
import { ApiError, fieldErrors, unwrap } from "../api/problems";
import { meQuery } from "../api/queries";
import { ProblemAlert, QueryState } from "../components/QueryState";
import {
  etag,
  label,
  limitsQuery,
  pieceQuery,
  type ChannelLimits,
  type CheckIn,
  type Piece,
} from "../content/api";
import { CharCounter } from "../content/CharCounter";
import { CommentsPanel, type Selection } from "../content/CommentsPanel";
import { CompliancePanel } from "../content/CompliancePanel";
import { budget } from "../content/counting";
import { StatusChip } from "../content/StatusChip";
import { TypeFields, type Fields } from "../content/TypeFields";
import { VersionsPanel } from "../content/VersionsPanel";

export default function ContentEditor() {
  const { contentId = "" } = useParams();
  const piece = useQuery(pieceQuery(contentId));
  return (
    <QueryState query={piece}>
      {(p) => <Editor key={`${p.id}:${p.current_version}`} piece={p} />}
    </QueryState>
  );
}

const REVISABLE = new Set(["draft", "in_review", "changes_requested", "approved"]);
const ORIGINAL = "original";

function Editor({ piece }: { piece: Piece }) {
  const me = useQuery(meQuery);
  const limits = useQuery(limitsQuery(piece.content_type));
  const permissions = me.data?.membership.permissions ?? [];
  const canWrite = permissions.includes("content:write");
  const canApprove = permissions.includes("content:approve");
  const [title, setTitle] = useState(piece.title);
  const [body, setBody] = useState(piece.body);
  const [fields, setFields] = useState<Fields>(piece.fields);
  const [note, setNote] = useState("");
  const [tab, setTab] = useState(ORIGINAL);
  const [selection, setSelection] = useState<Selection>(null);
  const dirty =
    title !== piece.title ||
    body !== piece.body ||
    JSON.stringify(fields) !== JSON.stringify(piece.fields);
  const editable = canWrite && REVISABLE.has(piece.status);

  // the piece's own channel first, then every other channel this type has limits on
  const tables = limits.data ?? [];
  const others = tables.filter(
    (t) => t.channel !== piece.channel && (t.fields.length > 0 || t.counts.length > 0),
  );
  const channel = tab === ORIGINAL ? piece.channel : tab;
  const table = tables.find((t) => t.channel === channel);
  const draft: CheckIn = {
    content_type: piece.content_type,
    channel,
    title,
    body,
    fields,
    locale: piece.locale,
  };

  const remember = (field: "title" | "body") => (e: SyntheticEvent<HTMLElement>) => {
    const input = e.target as HTMLInputElement | HTMLTextAreaElement;
    const text = field === "title" ? piece.title : piece.body;
    const { selectionStart: start, selectionEnd: end } = input;
    if (dirty || start == null || end == null || start === end) return setSelection(null);
    // the API counts code points (Python indices), the browser UTF-16 units
    const points = (i: number) => Array.from(text.slice(0, i)).length;
    setSelection({ field, start: points(start), end: points(end) });
  };

  return (
    <Stack spacing={2}>
      <Box>
        <Button component={RouterLink} to="/content" size="small">
          ← Content
        </Button>
      </Box>
      <Box sx={{ display: "flex", gap: 1, alignItems: "center", flexWrap: "wrap" }}>
        <Typography variant="h4" component="h1" sx={{ overflowWrap: "anywhere" }}>
          {piece.title || "Untitled piece"}
        </Typography>
        {/* keyed: a new chip, not a colour transition axe could catch half way */}
        <StatusChip key={piece.status} status={piece.status} />
      </Box>
      <Typography color="text.secondary">
        {label(piece.content_type)} for {label(piece.channel)} · version {piece.current_version}
        {piece.status_reason ? ` · changes requested: ${piece.status_reason}` : ""}
      </Typography>
      <Box
        sx={{
          display: "grid",
          gap: 2,
          gridTemplateColumns: { xs: "minmax(0, 1fr)", lg: "minmax(0, 3fr) minmax(0, 2fr)" },
          alignItems: "start",
        }}
      >
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Tabs
              value={tab}
              onChange={(_, v: string) => setTab(v)}
              aria-label="Channels"
              variant="scrollable"
              allowScrollButtonsMobile
            >
              <Tab
                value={ORIGINAL}
                label={`Original · ${label(piece.channel)}`}
                id="tab-original"
                aria-controls="panel-channel"
              />
              {others.map((t) => (
                <Tab
                  key={t.channel}
                  value={t.channel}
                  label={label(t.channel)}
                  id={`tab-${t.channel}`}
                  aria-controls="panel-channel"
                />
              ))}
            </Tabs>
            <Box
              role="tabpanel"
              id="panel-channel"
              aria-labelledby={tab === ORIGINAL ? "tab-original" : `tab-${tab}`}
              sx={{ pt: 2 }}
            >
              {limits.isError ? <ProblemAlert error={limits.error} /> : null}
              {tab === ORIGINAL ? (
                <>
                  <DraftFields
                    limits={table}
                    title={title}
                    body={body}
                    readOnly={!editable}
                    onTitle={setTitle}
                    onBody={setBody}
                    onSelect={remember}
                  />
                  <Box sx={{ pt: 2 }}>
                    <TypeFields
                      contentType={piece.content_type}
                      fields={fields}
                      limits={table}
                      readOnly={!editable}
                      onChange={setFields}
                    />
                  </Box>
                </>
              ) : (
                <ChannelPreview limits={table} title={title} body={body} />
              )}
            </Box>
          </Paper>
          {!editable ? (
            <Alert severity="info" role="status">
              {canWrite
                ? `A ${label(piece.status).toLowerCase()} piece takes no new version.`
                : "You may read this piece but not change it."}
            </Alert>
          ) : null}
          <SaveBar piece={piece} title={title} body={body} fields={fields} note={note} setNote={setNote} dirty={dirty} enabled={editable} />
          <Workflow piece={piece} dirty={dirty} canWrite={canWrite} canApprove={canApprove} />
        </Stack>
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <CompliancePanel brandId={piece.brand_id} draft={draft} />
          <CommentsPanel
            contentId={piece.id}
            version={piece.current_version}
            selection={selection}
            savedText={{ title: piece.title, body: piece.body }}
            canWrite={canWrite}
          />
          <VersionsPanel contentId={piece.id} current={piece.current_version} />
        </Stack>
      </Box>
    </Stack>
  );
}

function DraftFields(props: {
  limits: ChannelLimits | undefined;
  title: string;
  body: string;
  readOnly: boolean;
  onTitle: (v: string) => void;
  onBody: (v: string) => void;
  onSelect: (field: "title" | "body") => (e: SyntheticEvent<HTMLElement>) => void;
}) {
  const titleBudget = budget(props.limits, "title", props.title);
  const bodyBudget = budget(props.limits, "body", props.body);
  return (
    <Stack spacing={2}>
      <Box>
        <TextField
          label="Title"
          fullWidth
          value={props.title}
          onChange={(e) => props.onTitle(e.target.value)}
          onSelect={props.onSelect("title")}
          slotProps={{
            input: { readOnly: props.readOnly },
            htmlInput: {
              "aria-describedby": titleBudget ? "left-title" : undefined,
              // a selection made by mouse or keyboard ends with one of these
              onMouseUp: props.onSelect("title"),
              onKeyUp: props.onSelect("title"),
            },
          }}
        />
        <CharCounter budget={titleBudget} id="left-title" />
      </Box>
      <Box>
        <TextField
          label="Body"
          fullWidth
          multiline
          minRows={6}
          value={props.body}
          onChange={(e) => props.onBody(e.target.value)}
          onSelect={props.onSelect("body")}
          slotProps={{
            input: { readOnly: props.readOnly },
            htmlInput: {
              "aria-describedby": bodyBudget ? "left-body" : undefined,
              // a selection made by mouse or keyboard ends with one of these
              onMouseUp: props.onSelect("body"),
              onKeyUp: props.onSelect("body"),
            },
          }}
        />
        <CharCounter budget={bodyBudget} id="left-body" />
        {props.limits && !bodyBudget && !titleBudget ? (
          <Typography variant="body2" color="text.secondary">
            {label(props.limits.channel)} sets no length limit on this type.
          </Typography>
        ) : null}
      </Box>
    </Stack>
  );
}

/** The draft as another channel would take it: its limits, its counter, its compliance. */
function ChannelPreview(props: { limits: ChannelLimits | undefined; title: string; body: string }) {
  if (!props.limits) return null;
  const titleBudget = budget(props.limits, "title", props.title);
  const bodyBudget = budget(props.limits, "body", props.body);
  return (
    <Stack spacing={1}>
      <Typography variant="body2" color="text.secondary">
        How the text fits {label(props.limits.channel)}. Edit it in the Original tab.
      </Typography>
      {titleBudget ? (
        <>
          <Typography variant="subtitle1" component="p" sx={{ overflowWrap: "anywhere" }}>
            {props.title || "(no title)"}
          </Typography>
          <CharCounter budget={titleBudget} id="left-title" />
        </>
      ) : null}
      <Typography component="p" sx={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {props.body || "(no body)"}
      </Typography>
      <CharCounter budget={bodyBudget} id="left-body" />
    </Stack>
  );
}

function useSavedPiece(piece: Piece) {
  const queries = useQueryClient();
  return (saved: Piece) => {
    queries.setQueryData(["content", "piece", piece.id], saved);
    void queries.invalidateQueries({ queryKey: ["content", "versions", piece.id] });
    void queries.invalidateQueries({ queryKey: ["content", "list"] });
  };
}

function SaveBar(props: {
  piece: Piece;
  title: string;
  body: string;
  fields: Fields;
  note: string;
  setNote: (v: string) => void;
  dirty: boolean;
  enabled: boolean;
}) {
  const saved = useSavedPiece(props.piece);
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PATCH("/api/v1/content/{content_id}", {
          params: {
            path: { content_id: props.piece.id },
            // a concurrent change answers 412 rather than being overwritten
            header: { "If-Match": etag(props.piece) },
          },
          body: { title: props.title, body: props.body, fields: props.fields, note: props.note },
        }),
      ),
    onSuccess: saved,
  });
  const server = fieldErrors(save.error instanceof ApiError ? save.error.problem : null);
  if (!props.enabled) return null;
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack
        component="form"
        spacing={1}
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <TextField
          label="Note for this version"
          size="small"
          value={props.note}
          onChange={(e) => props.setNote(e.target.value)}
          error={Boolean(server.note)}
          helperText={server.note}
        />
        <Box sx={{ display: "flex", gap: 2, alignItems: "center", flexWrap: "wrap" }}>
          <Button type="submit" variant="contained" disabled={!props.dirty || save.isPending}>
            Save new version
          </Button>
          <Typography variant="body2" color="text.secondary" role="status">
            {props.dirty ? "Unsaved changes." : "Everything is saved."}
          </Typography>
        </Box>
        <ProblemAlert error={save.error} />
      </Stack>
    </Paper>
  );
}

type Step = "submit" | "approve" | "request-changes";

function Workflow(props: { piece: Piece; dirty: boolean; canWrite: boolean; canApprove: boolean }) {
  const { piece } = props;
  const saved = useSavedPiece(piece);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const step = useMutation({
    mutationFn: async (name: Step) => {
      const params = { path: { content_id: piece.id }, header: { "If-Match": etag(piece) } };
      if (name === "submit") return unwrap(await api.POST("/api/v1/content/{content_id}/submit", { params }));
      if (name === "approve") return unwrap(await api.POST("/api/v1/content/{content_id}/approve", { params }));
      return unwrap(
        await api.POST("/api/v1/content/{content_id}/request-changes", { params, body: { reason } }),
      );
    },
    onSuccess: (p) => {
      setAsking(false);
      setReason("");
      saved(p);
    },
  });
  // changes requested: the next saved version is a draft again, which is then submitted
  const canSubmit = props.canWrite && piece.status === "draft";
  const canReview = props.canApprove && piece.status === "in_review";
  if (props.canWrite && piece.status === "changes_requested") {
    return <Alert severity="warning" role="status">Save a new version, then submit it again.</Alert>;
  }
  if (!canSubmit && !canReview) return null;
  const server = fieldErrors(step.error instanceof ApiError ? step.error.problem : null);
  return (
    <Paper variant="outlined" component="section" aria-labelledby="review-title" sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" id="review-title">
        Review
      </Typography>
      <Box sx={{ display: "flex", gap: 1, flexWrap: "wrap", alignItems: "center" }}>
        {canSubmit ? (
          <Button
            variant="contained"
            color="secondary"
            disabled={props.dirty || step.isPending}
            onClick={() => step.mutate("submit")}
          >
            Submit for review
          </Button>
        ) : null}
        {canReview ? (
          <>
            <Button variant="contained" color="success" disabled={props.dirty || step.isPending} onClick={() => step.mutate("approve")}>
              Approve
            </Button>
            <Button variant="outlined" disabled={step.isPending} onClick={() => setAsking(true)}>
              Request changes
            </Button>
          </>
        ) : null}
        {props.dirty ? (
          <Typography variant="body2" color="text.secondary">
            Save first: review is of a saved version.
          </Typography>
        ) : null}
      </Box>
      {!asking ? <ProblemAlert error={step.error} /> : null}
      <Dialog open={asking} onClose={() => setAsking(false)} aria-labelledby="changes-title" fullWidth>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            step.mutate("request-changes");
          }}
        >
          <DialogTitle id="changes-title">Request changes</DialogTitle>
          <DialogContent>
            <TextField
              label="What should change"
              required
              fullWidth
              multiline
              minRows={2}
              autoFocus
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              error={Boolean(server.reason)}
              helperText={server.reason}
              sx={{ mt: 1 }}
            />
            <ProblemAlert error={step.error} />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setAsking(false)}>Cancel</Button>
            <Button type="submit" variant="contained" disabled={!reason.trim() || step.isPending}>
              Send back
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </Paper>
  );
}
