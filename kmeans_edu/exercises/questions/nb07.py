"""Questions of notebook 07."""
