#!/usr/bin/env python3
"""Serves ThreadLab's static site (scripts/site) with the headers that threads need.

    web/serve.py SITE_DIR [--port 8080] [--host 127.0.0.1] [--plain] [--no-csp]

SharedArrayBuffer exists only on cross-origin isolated pages: every response carries COOP
same-origin and COEP require-corp, and CORP cross-origin so that an isolated course page may
embed the playground; the flagged reload of a frame whose parent is not isolated
(?tl-dip=1, from page.js) gets Document-Isolation-Policy instead. Also nosniff and a
Content-Security-Policy the page and its embeds work under. --plain sends none of these, as a static host would: the site's service worker
(sw.js) then makes the page isolated by itself.

Only the site's own files are served (no directories, no listings, nothing outside it);
`/` is index.html. Nothing is cached, so a rebuild shows on reload.
"""
import argparse
import functools
import http.server
import os
import socket
import sys

# What the page needs: its own scripts and workers, WebAssembly compiled from bytes, its
# stylesheet, frames of its own (the embed demo), and any page may embed it.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors *",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
])


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".css": "text/css",
        ".html": "text/html; charset=utf-8",
    }
    timeout = 30  # seconds an idle connection may hold its thread
    plain = False
    csp = True
    isolate_frame = False  # this request is the flagged reload of a frame (page.js)

    def end_headers(self):
        if not self.plain:
            if self.isolate_frame:
                # page.js found itself in the frame of a page that is not isolated, where
                # COOP/COEP cannot help; never sent otherwise: it breaks a frame of an
                # isolated page.
                self.send_header("Document-Isolation-Policy", "isolate-and-require-corp")
            else:
                self.send_header("Cross-Origin-Opener-Policy", "same-origin")
                self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
            self.send_header("X-Content-Type-Options", "nosniff")
            if self.csp:
                self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):  # GET and HEAD
        path, _, query = self.path.split("#", 1)[0].partition("?")
        self.isolate_frame = "tl-dip=1" in query.split("&")
        name = "index.html" if path == "/" else path[1:]
        # The site is one flat folder of files: anything else is not ours to serve.
        if "/" in name or "\\" in name or name.startswith(".") or \
                not os.path.isfile(os.path.join(self.directory, name)):
            self.send_error(404, "Not found")
            return None
        self.path = "/" + name
        return super().send_head()

    def guess_type(self, path):
        return self.extensions_map.get(os.path.splitext(path)[1], "application/octet-stream")

    def log_message(self, format, *args):  # quiet: errors only
        if len(args) > 1 and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128  # socketserver's default of 5 leaves bursts waiting for seconds


def printed_url(host, port):
    """The address to open: a wildcard host is not one a browser can open."""
    if host in ("0.0.0.0", ""):
        return f"http://127.0.0.1:{port}/"
    if host == "::":
        return f"http://[::1]:{port}/"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", help="the site folder (build/site)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--plain", action="store_true",
                        help="send no special headers, as a static host would")
    parser.add_argument("--no-csp", action="store_true",
                        help="no Content-Security-Policy (pages with inline script: the benchmarks)")
    args = parser.parse_args()
    if not os.path.isdir(args.dir):
        sys.exit(f"serve.py: {args.dir} is not a folder: run scripts/site first")
    options = {"plain": args.plain, "csp": not args.no_csp}
    handler = functools.partial(type("SiteHandler", (Handler,), options),
                                directory=os.path.abspath(args.dir))
    Server.address_family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    try:
        server = Server((args.host, args.port), handler)
    except OSError as error:
        sys.exit(f"serve.py: cannot listen on {args.host}:{args.port}: {error.strerror}")
    port = server.server_address[1]
    print(f"Serving ThreadLab on {printed_url(args.host, port)}", flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print("From another machine, the page needs HTTPS: browsers give threads only to secure\n"
              "pages, and plain http is secure on localhost alone.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
