"""Questions of notebook 08a."""
