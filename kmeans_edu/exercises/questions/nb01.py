"""Questions of notebook 01."""
