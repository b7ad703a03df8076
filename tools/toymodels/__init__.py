"""Dev tooling that trains the toy English→French and English→Hausa Argos packages."""
