import { createTheme } from "@mui/material/styles";

// Colours chosen for WCAG AA contrast on white (text and focus rings alike).
export const theme = createTheme({
  palette: {
    primary: { main: "#1d4ed8" },
    secondary: { main: "#6d28d9" },
    error: { main: "#b91c1c" },
    warning: { main: "#92400e" },
    success: { main: "#166534" },
  },
  typography: { fontFamily: "Roboto, system-ui, sans-serif" },
  components: {
    MuiButtonBase: { defaultProps: { disableRipple: false } },
    MuiCssBaseline: {
      styleOverrides: {
        ":focus-visible": { outline: "3px solid #1d4ed8", outlineOffset: "2px" },
      },
    },
  },
});
