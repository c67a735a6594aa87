"""The fleet as a backend: node routers behind one gateway. ``client`` talks to one node's
runtime-agent plane, ``state`` polls every node (capabilities, runtime) into the views
placement reads, ``upstream`` forwards each placed call to its node."""
