"""What Google's APIs share: the OAuth 2.0 endpoints and the google.rpc.Status error model."""
