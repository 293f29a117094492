"""SQL storage of the advertising context: campaigns, ad rules, their decisions, caps."""
