import { Box, Link, Typography } from "@mui/material";
import { Link as RouterLink } from "react-router";

export default function NotFound() {
  return (
    <Box component="main" sx={{ p: 4 }}>
      <Typography variant="h5" component="h1">
        Page not found
      </Typography>
      <Link component={RouterLink} to="/">
        Back to your brands
      </Link>
    </Box>
  );
}
