"""Questions of notebook 02."""
