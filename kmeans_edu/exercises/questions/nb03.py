"""Questions of notebook 03."""
