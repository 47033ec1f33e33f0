"""Questions of notebook 04."""
