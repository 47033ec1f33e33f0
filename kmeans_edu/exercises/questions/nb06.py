"""Questions of notebook 06."""
