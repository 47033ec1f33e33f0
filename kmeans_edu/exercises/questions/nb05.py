"""Questions of notebook 05."""
