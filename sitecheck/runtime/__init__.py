"""The real-runtime test layer: Debian's docker-registry as a mirror on 127.0.0.1, seeded with
small images built here (no network), a private CA made for the run, stub registries that fail
on purpose, and dockerd, containerd and Podman started in a scratch root with the site's own
configuration blocks. Each module is one part:

- `tls`: a CA and a server certificate for 127.0.0.1 (openssl)
- `images`: a tiny image built in memory and pushed over the registry API
- `registry`: docker-registry as a plain, HTTPS or pull-through mirror, and its request log
- `stubs`: registries that answer 401, 403, 429, HTML or nothing
- `daemons`: dockerd and containerd in a scratch root, stopped with their children
- `recipes`: the pages' configuration blocks, found by title, with the mirror put in

Nothing here talks to any host but 127.0.0.1.
"""
