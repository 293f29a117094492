import { Box, Stack, TextField } from "@mui/material";

import type { ChannelLimits, Piece } from "./api";
import { CharCounter } from "./CharCounter";
import { budget } from "./counting";

export type Fields = Piece["fields"];
type TextName = "subject" | "preheader" | "call_to_action" | "meta_description" | "slug";
type ListName = "headlines" | "descriptions" | "hashtags" | "keywords";
type Spec = { name: TextName; label: string } | { name: ListName; label: string; list: true };

// the structured fields each content type has (docs/content.md, "Structured fields")
const BY_TYPE: Record<string, Spec[]> = {
  email: [
    { name: "subject", label: "Subject" },
    { name: "preheader", label: "Preheader" },
  ],
  ad_copy: [
    { name: "headlines", label: "Headlines (one per line)", list: true },
    { name: "descriptions", label: "Descriptions (one per line)", list: true },
    { name: "call_to_action", label: "Call to action" },
  ],
  social_post: [
    { name: "hashtags", label: "Hashtags (one per line, without #)", list: true },
    { name: "call_to_action", label: "Call to action" },
  ],
  blog_post: [
    { name: "meta_description", label: "Meta description" },
    { name: "slug", label: "Slug" },
    { name: "keywords", label: "Keywords (one per line)", list: true },
  ],
  landing_page: [
    { name: "meta_description", label: "Meta description" },
    { name: "slug", label: "Slug" },
    { name: "keywords", label: "Keywords (one per line)", list: true },
  ],
};

const items = (text: string) => text.split("\n").filter((line) => line.trim() !== "");

/** The content type's structured fields, each with its counter where the channel limits it. */
export function TypeFields(props: {
  contentType: string;
  fields: Fields;
  limits: ChannelLimits | undefined;
  readOnly: boolean;
  onChange: (fields: Fields) => void;
}) {
  const specs = BY_TYPE[props.contentType] ?? [];
  if (!specs.length) return null;
  return (
    <Stack spacing={2}>
      {specs.map((spec) => {
        const id = `left-fields-${spec.name}`;
        if ("list" in spec) {
          const values = props.fields[spec.name];
          const budgets = values.map((v) => budget(props.limits, `fields.${spec.name}`, v));
          return (
            <Box key={spec.name}>
              <TextField
                label={spec.label}
                fullWidth
                multiline
                minRows={2}
                defaultValue={values.join("\n")}
                onChange={(e) => props.onChange({ ...props.fields, [spec.name]: items(e.target.value) })}
                slotProps={{ input: { readOnly: props.readOnly } }}
              />
              {budgets.map((b, i) =>
                b ? (
                  <CharCounter key={i} budget={{ ...b, field: `fields.${spec.name}[${i}]` }} id={`${id}-${i}`} prefix={`#${i + 1}: `} />
                ) : null,
              )}
            </Box>
          );
        }
        const value = props.fields[spec.name];
        const b = budget(props.limits, `fields.${spec.name}`, value);
        return (
          <Box key={spec.name}>
            <TextField
              label={spec.label}
              fullWidth
              value={value}
              onChange={(e) => props.onChange({ ...props.fields, [spec.name]: e.target.value })}
              slotProps={{
                input: { readOnly: props.readOnly },
                htmlInput: { "aria-describedby": b ? id : undefined },
              }}
            />
            <CharCounter budget={b} id={id} />
          </Box>
        );
      })}
    </Stack>
  );
}
