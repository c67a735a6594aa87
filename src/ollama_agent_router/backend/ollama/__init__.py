"""Ollama as a backend: its pooled client (``client``), error tree, ``/api/ps`` and
``/api/show`` shapes, request fields, native-API translation, and the ``Upstream``
implementations in its two dialects (``upstream``, ``native_upstream``)."""
