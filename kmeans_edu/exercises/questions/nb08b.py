"""Questions of notebook 08b."""
