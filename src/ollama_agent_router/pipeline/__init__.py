"""The request pipeline between the HTTP API and the Ollama backend."""
