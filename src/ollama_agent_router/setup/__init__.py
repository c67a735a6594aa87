"""``oar configure`` and ``oar doctor``: detect the machine and Ollama, write a config
that fits them, and hold an existing config against them.

Detection (``detect``, ``local``) does the I/O; ``roles``, ``routes``, ``plan``,
``render`` and ``doctor`` are pure; the typer commands in ``cli`` only wire them up.
"""
