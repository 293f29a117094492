"""SQL adapters of the brand context: brands (with audiences and competitors), projects and
the brand read side."""
