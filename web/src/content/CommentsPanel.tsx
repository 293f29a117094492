import { Box, Button, Chip, List, ListItem, ListItemText, Paper, Stack, TextField, Typography } from "@mui/material";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { api } from "../api/client";
import { ApiError, fieldErrors, unwrap } from "../api/problems";
import { ProblemAlert, QueryState } from "../components/QueryState";
import { commentsQuery, type Comment } from "./api";

export type Selection = { field: "title" | "body"; start: number; end: number } | null;

/**
 * Review threads. A comment is anchored to the text selected in the editor (characters
 * start..end of the title or body of the current version), which the API keeps with it.
 */
export function CommentsPanel(props: {
  contentId: string;
  version: number;
  selection: Selection;
  savedText: { title: string; body: string };
  canWrite: boolean;
}) {
  const comments = useQuery(commentsQuery(props.contentId));
  const queries = useQueryClient();
  const [text, setText] = useState("");
  const [anchored, setAnchored] = useState(true);
  const selection = props.selection;
  const useAnchor = anchored && selection !== null;
  const refresh = () => {
    void queries.invalidateQueries({ queryKey: ["content", "comments", props.contentId] });
    void queries.invalidateQueries({ queryKey: ["content", "piece", props.contentId] });
  };
  const add = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/content/{content_id}/comments", {
          params: { path: { content_id: props.contentId } },
          body: {
            body: text,
            version_number: props.version,
            anchor: useAnchor ? selection : null,
          },
        }),
      ),
    onSuccess: () => {
      setText("");
      refresh();
    },
  });
  const server = fieldErrors(add.error instanceof ApiError ? add.error.problem : null);
  const quote = (c: Comment) =>
    c.anchor && c.version_number === props.version
      ? (c.anchor.field === "title" ? props.savedText.title : props.savedText.body).slice(
          c.anchor.start,
          c.anchor.end,
        )
      : null;
  return (
    <Paper variant="outlined" component="section" aria-labelledby="comments-title" sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" id="comments-title">
        Comments
      </Typography>
      <QueryState query={comments} empty={(items) => items.length === 0} emptyText="No comment yet.">
        {(items) => (
          <List dense aria-label="Threads">
            {items
              .filter((c) => !c.parent_id)
              .map((c) => (
                <Thread
                  key={c.id}
                  comment={c}
                  quote={quote(c)}
                  replies={items.filter((r) => r.parent_id === c.id)}
                  contentId={props.contentId}
                  canWrite={props.canWrite}
                  onChange={refresh}
                />
              ))}
          </List>
        )}
      </QueryState>
      {props.canWrite ? (
        <Stack
          component="form"
          spacing={1}
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <TextField
            label="New comment"
            multiline
            minRows={2}
            value={text}
            onChange={(e) => setText(e.target.value)}
            error={Boolean(server.body)}
            helperText={server.body ?? server.anchor}
          />
          {selection ? (
            <Box sx={{ display: "flex", alignItems: "center", gap: 1, flexWrap: "wrap" }}>
              <label>
                <input
                  type="checkbox"
                  checked={anchored}
                  onChange={(e) => setAnchored(e.target.checked)}
                />{" "}
                On the selected {selection.field} text ({selection.start}–{selection.end})
              </label>
            </Box>
          ) : (
            <Typography variant="body2" color="text.secondary">
              Select saved text in the title or body to anchor the comment to it.
            </Typography>
          )}
          <ProblemAlert error={add.error} />
          <Box>
            <Button type="submit" variant="outlined" disabled={!text.trim() || add.isPending}>
              Comment
            </Button>
          </Box>
        </Stack>
      ) : null}
    </Paper>
  );
}

function Thread(props: {
  comment: Comment;
  quote: string | null;
  replies: Comment[];
  contentId: string;
  canWrite: boolean;
  onChange: () => void;
}) {
  const c = props.comment;
  const action = c.resolved ? "reopen" : "resolve";
  const toggle = useMutation({
    mutationFn: async () => {
      const path = { content_id: props.contentId, comment_id: c.id };
      const answer = c.resolved
        ? await api.POST("/api/v1/content/{content_id}/comments/{comment_id}/reopen", {
            params: { path },
          })
        : await api.POST("/api/v1/content/{content_id}/comments/{comment_id}/resolve", {
            params: { path },
          });
      return unwrap(answer);
    },
    onSuccess: props.onChange,
  });
  return (
    <ListItem disableGutters sx={{ display: "block" }}>
      <ListItemText
        primary={c.body}
        secondary={
          <>
            {`version ${c.version_number}`}
            {c.anchor ? ` · on ${c.anchor.field} ${c.anchor.start}–${c.anchor.end}` : ""}
            {props.quote ? ` · “${props.quote}”` : ""}
            {` · ${new Date(c.created_at).toLocaleString()}`}
          </>
        }
        slotProps={{ primary: { sx: { overflowWrap: "anywhere" } } }}
      />
      {c.resolved ? <Chip size="small" label="Resolved" sx={{ mr: 1 }} /> : null}
      {props.canWrite ? (
        <Button size="small" onClick={() => toggle.mutate()} disabled={toggle.isPending}>
          {action === "resolve" ? "Resolve" : "Reopen"}
        </Button>
      ) : null}
      {props.replies.map((r) => (
        <Typography key={r.id} variant="body2" sx={{ pl: 2, overflowWrap: "anywhere" }}>
          ↳ {r.body}
        </Typography>
      ))}
      <ProblemAlert error={toggle.error} />
      {props.canWrite && !c.resolved ? (
        <Reply contentId={props.contentId} commentId={c.id} onDone={props.onChange} />
      ) : null}
    </ListItem>
  );
}

function Reply(props: { contentId: string; commentId: string; onDone: () => void }) {
  const [text, setText] = useState("");
  const reply = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/content/{content_id}/comments/{comment_id}/replies", {
          params: { path: { content_id: props.contentId, comment_id: props.commentId } },
          body: { body: text },
        }),
      ),
    onSuccess: () => {
      setText("");
      props.onDone();
    },
  });
  return (
    <Box
      component="form"
      sx={{ display: "flex", gap: 1, pl: 2, mt: 1, alignItems: "flex-start" }}
      onSubmit={(e) => {
        e.preventDefault();
        reply.mutate();
      }}
    >
      <TextField
        size="small"
        label="Reply"
        value={text}
        onChange={(e) => setText(e.target.value)}
        sx={{ flex: 1 }}
      />
      <Button type="submit" size="small" disabled={!text.trim() || reply.isPending}>
        Reply
      </Button>
      <ProblemAlert error={reply.error} />
    </Box>
  );
}
