import { Checkbox, FormControlLabel, FormGroup, FormLabel, Stack } from "@mui/material";
import { useQuery } from "@tanstack/react-query";

import { brandsQuery } from "../../api/queries";

/** Brand-scoped access: every brand (null) or the brands ticked. */
export function BrandAccess({
  value,
  onChange,
  error,
}: {
  value: string[] | null;
  onChange: (next: string[] | null) => void;
  error?: string;
}) {
  const brands = useQuery(brandsQuery);
  const all = value === null;
  return (
    <Stack component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
      <FormLabel component="legend">Brands</FormLabel>
      <FormControlLabel
        control={<Checkbox checked={all} onChange={(e) => onChange(e.target.checked ? null : [])} />}
        label="Every brand, now and later"
      />
      {all ? null : (
        <FormGroup sx={{ pl: 3 }}>
          {(brands.data ?? []).map((b) => (
            <FormControlLabel
              key={b.id}
              label={b.name}
              control={
                <Checkbox
                  checked={value.includes(b.id)}
                  onChange={(e) =>
                    onChange(
                      e.target.checked ? [...value, b.id] : value.filter((id) => id !== b.id),
                    )
                  }
                />
              }
            />
          ))}
        </FormGroup>
      )}
      {error ? (
        <FormLabel error role="alert">
          {error}
        </FormLabel>
      ) : null}
    </Stack>
  );
}

export const ROLES = [
  "owner",
  "admin",
  "brand_manager",
  "content_creator",
  "analyst",
  "viewer",
] as const;

export function roleLabel(role: string): string {
  const text = role.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
