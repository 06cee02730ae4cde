#!/usr/bin/env python3
"""Serves the web build with the headers that WebAssembly threads need.

    web/serve.py DIR [--port 8080] [--host 127.0.0.1]

SharedArrayBuffer exists only on cross-origin isolated pages: every response carries
COOP same-origin and COEP require-corp (and CORP, so the page's own files pass COEP).
`/` serves threadlab.html. Nothing is cached, so a rebuild shows on reload.
"""
import argparse
import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".html": "text/html; charset=utf-8",
    }

    def end_headers(self):
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):  # GET and HEAD: "/" is the app
        if self.path == "/" or self.path.startswith("/?"):
            self.path = "/threadlab.html" + self.path[1:]
        return super().send_head()

    def log_message(self, format, *args):  # quiet: errors only
        if len(args) > 1 and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    handler = functools.partial(Handler, directory=args.dir)
    try:
        server = http.server.ThreadingHTTPServer((args.host, args.port), handler)
    except OSError as error:
        sys.exit(f"serve.py: cannot listen on {args.host}:{args.port}: {error.strerror}")
    print(f"Serving ThreadLab on http://{args.host}:{server.server_port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
