"""Request and response schemas (msgspec Structs), separate from the domain objects."""
