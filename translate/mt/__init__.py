"""Machine translation over the engine and the glossary: fitting, retries, quality checks."""
