# Hostile HTTP clients against a real nexus-server: over-long and malformed URLs,
# pathological queries, path traversal, slow clients, connection floods and rate limits.
import json
import os
import socket
import threading
import time
import unittest

import nexus_harness as nx

README = """\
# Ada's Project

The lighthouse service answers questions about docker compose.

## Pitfalls

Never paste `<script>alert("owned")</script>` or `<img src=x onerror=alert(1)>` into a page.
"""

# Every case must be answered (or cut off) this fast: no query may cost seconds.
FAST_S = 3.0
SECURITY_HEADERS = ("x-content-type-options", "referrer-policy")


def port_of(server):
    return int(server.base_url.rstrip("/").rsplit(":", 1)[1])


def parse_response(data):
    """(status, headers with lower-case names, body bytes) of a raw HTTP/1.1 answer."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def raw_request(port, request, source="127.0.0.1", timeout=10):
    """Sends `request` bytes as is and reads until the server closes. Returns
    (status, headers, body), or None when the server closed without answering."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                  source_address=(source, 0)) as sock:
        sock.sendall(request)
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except ConnectionResetError:
            pass
    data = b"".join(chunks)
    return parse_response(data) if data else None


def get(port, target, source="127.0.0.1"):
    return raw_request(port, f"GET {target} HTTP/1.1\r\nHost: nexus\r\nConnection: close\r\n\r\n"
                       .encode("latin-1"), source=source)


class HostileHttpEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = nx.make_temp_dir()
        repos = os.path.join(cls.tmp, "repos")
        os.makedirs(repos)
        ada = nx.make_bare_repo(repos, "ada", {"README.md": README})
        cohort = nx.write_cohort(os.path.join(cls.tmp, "cohort.tsv"), [("ada", ada)])
        cls.index = os.path.join(cls.tmp, "index")
        nx.index_ok(cohort, os.path.join(cls.tmp, "cache"), cls.index)

    @classmethod
    def tearDownClass(cls):
        nx.remove_temp_dir(cls.tmp)

    def server(self, *extra):
        return nx.Server(self.index, extra_args=["--rate-limit", "0"] + list(extra))

    def assertJsonError(self, answer, status, what):
        self.assertIsNotNone(answer, f"{what}: the server closed without answering")
        got, headers, body = answer
        self.assertEqual(got, status, f"{what}: {body[:300]!r}")
        self.assertEqual(headers.get("content-type"), "application/json; charset=utf-8", what)
        error = json.loads(body)["error"]
        self.assertEqual(error["status"], status, what)
        self.assertTrue(error["message"], what)
        return error["message"]

    def assertStillServes(self, server, source="127.0.0.1"):
        answer = get(port_of(server), "/api/search?q=lighthouse", source=source)
        self.assertIsNotNone(answer, "a well-behaved client got no answer")
        status, _, body = answer
        self.assertEqual(status, 200, body[:300])
        self.assertEqual(len(json.loads(body)["hits"]), 1)

    # ------------------------------------------------------------ bad URLs

    def test_over_long_urls_get_414_json_and_huge_ones_are_refused_without_harm(self):
        with self.server() as server:
            port = port_of(server)
            message = self.assertJsonError(get(port, "/api/search?q=" + "a" * 9000), 414, "9 kB URL")
            self.assertIn("too long", message)
            # Beyond libmicrohttpd's per-connection memory the library answers 414 itself.
            huge = get(port, "/api/search?q=" + "a" * 200_000)
            self.assertTrue(huge is None or huge[0] in (414, 431), huge and huge[:2])
            self.assertStillServes(server)

    def test_a_long_query_string_is_a_400_naming_the_limit(self):
        with self.server() as server:
            message = self.assertJsonError(get(port_of(server), "/api/search?q=" + "word+" * 400),
                                           400, "2 kB query")
            self.assertIn("1024", message)

    def test_invalid_percent_encoding_and_utf8_are_400(self):
        with self.server() as server:
            port = port_of(server)
            for target in ("/api/search?q=%zz", "/api/search?q=abc%4", "/api/search?q=%",
                           "/api/search?q=%ff%fe", "/api/search?q=%c3%28", "/api/search?q=a%00b",
                           "/index.html%g0"):
                with self.subTest(target=target):
                    self.assertJsonError(get(port, target), 400, target)
            self.assertStillServes(server)

    def test_huge_negative_or_non_numeric_paging_is_400(self):
        with self.server() as server:
            port = port_of(server)
            for params in ("page=99999999999999999999", "per_page=4294967297", "per_page=101",
                           "page=0", "page=-1", "per_page=1e3", "page=%20", "page="):
                with self.subTest(params=params):
                    self.assertJsonError(get(port, "/api/search?q=lighthouse&" + params), 400, params)

    def test_unknown_parameters_are_ignored(self):
        with self.server() as server:
            plain = server.search("lighthouse")
            extra = server.get("/api/search", raw_query="q=lighthouse&debug=1&q2=x&%41=b").json
            self.assertEqual(extra["hits"], plain["hits"])

    # ------------------------------------------------------ pathological queries

    def test_pathological_queries_are_answered_fast_with_200_or_400_json(self):
        queries = {
            "many terms": " ".join(f"t{i}" for i in range(300)),
            "many ORs": " OR ".join("ab" for _ in range(200)),
            "wildcards": "a* b* c* * ** *a*",
            "unbalanced quote": '"docker compose',
            "unbalanced brackets": "((((docker) compose",
            "deep brackets": "(" * 500 + "docker" + ")" * 500,
            "only operators": "AND OR NOT NOT",
            "dangling field": "learner: path: heading:",
            "long term": "x" * 1000,
            "long learner filter": "learner:" + "y" * 1000,
            "quotes": '"' * 1000,
            "minus signs": "-" * 1000,
        }
        with self.server() as server:
            for name, q in queries.items():
                with self.subTest(name):
                    started = time.monotonic()
                    resp = server.get("/api/search", {"q": q})
                    self.assertLess(time.monotonic() - started, FAST_S)
                    self.assertIn(resp.status, (200, 400), resp.text[:300])
                    self.assertIsInstance(resp.json, dict, resp.text[:300])
                    if resp.status == 400:
                        self.assertTrue(resp.json["error"]["message"])
            self.assertStillServes(server)

    def test_ten_thousand_terms_are_refused_as_too_long(self):
        q = "+".join(f"w{i}" for i in range(10_000))
        with self.server() as server:
            started = time.monotonic()
            answer = get(port_of(server), "/api/search?q=" + q)
            self.assertLess(time.monotonic() - started, FAST_S)
            self.assertIn(answer[0], (400, 414))
            self.assertJsonError(answer, answer[0], "10,000 terms")

    # --------------------------------------------------------- static files

    def test_path_traversal_against_static_files_is_404_json(self):
        targets = ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2Fetc%2Fpasswd",
                   "/..%2f..%2fetc/passwd", "/index.html%00.png", "/.%2e/etc/passwd",
                   "/./index.html", "//etc/passwd", "/..\\..\\etc\\passwd", "/%5c..%5cetc%5cpasswd",
                   "/.hidden", "/app.js/../../etc/passwd", "/web/../../README.md"]
        with self.server() as server:
            port = port_of(server)
            for target in targets:
                with self.subTest(target=target):
                    answer = get(port, target)
                    self.assertJsonError(answer, 404, target)
                    self.assertNotIn(b"root:", answer[2])
            self.assertStillServes(server)

    # ------------------------------------------------------ security headers

    def test_every_response_carries_a_charset_and_security_headers(self):
        with self.server() as server:
            port = port_of(server)
            for target in ("/", "/app.js", "/style.css", "/api/search?q=lighthouse", "/healthz",
                           "/nope", "/api/search", "/api/learners?q=lighthouse", "/api/learners?q=x&format=csv",
                           "/api/learners/nobody", "/api/technologies", "/api/technologies/k8s",
                           "/api/solutions?q=lighthouse", "/openapi.json", "/metrics",
                           "/api/changes?since=2020-01-01", "/api/changes"):
                with self.subTest(target=target):
                    status, headers, _ = get(port, target)
                    self.assertIn("charset=utf-8", headers.get("content-type", ""))
                    self.assertEqual(headers.get("x-content-type-options"), "nosniff")
                    self.assertEqual(headers.get("referrer-policy"), "no-referrer")
                    self.assertIn("content-security-policy", headers)

    def test_the_page_has_a_strict_content_security_policy(self):
        with self.server() as server:
            _, headers, body = get(port_of(server), "/")
            csp = headers["content-security-policy"]
            self.assertIn("default-src 'self'", csp)
            self.assertIn("frame-ancestors 'none'", csp)
            self.assertNotIn("unsafe-inline", csp)
            self.assertNotIn("unsafe-eval", csp)
            # The page itself must work under that policy: no inline script or handler.
            html = body.decode()
            self.assertNotRegex(html, r"<script(?![^>]*\bsrc=)[^>]*>")
            self.assertNotRegex(html, r"\son[a-z]+\s*=")

    def test_learner_html_reaches_the_page_only_escaped_inside_the_snippet(self):
        with self.server() as server:
            hit = server.search("pitfalls paste")["hits"][0]
            self.assertIn("&lt;script&gt;", hit["snippet"])
            self.assertNotIn("<script", hit["snippet"])
            self.assertNotIn("<img", hit["snippet"])
        # The page's scripts never hand a string to an HTML sink; the server's highlighted HTML is
        # parsed inertly in one place (web/js/dom.js), which copies only its text and <mark> elements.
        sinks, parsers = [], []
        for folder, _, files in os.walk(os.path.join(nx.SOURCE, "web")):
            for name in sorted(f for f in files if f.endswith(".js")):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    for line in f:
                        where = f"{os.path.relpath(path, nx.SOURCE)}: {line.strip()}"
                        if any(s in line for s in ("innerHTML", "outerHTML", "insertAdjacentHTML",
                                                   "document.write", "eval(", "createContextualFragment")):
                            sinks.append(where)
                        if "parseFromString" in line:
                            parsers.append(where)
        self.assertEqual(sinks, [])
        self.assertEqual([p.split(":")[0] for p in parsers], [os.path.join("web", "js", "dom.js")])

    # ------------------------------------------------------ slow and many clients

    def test_a_slowloris_client_is_cut_off_while_others_are_served(self):
        with self.server("--timeout", "2") as server:
            port = port_of(server)
            sock = socket.create_connection(("127.0.0.1", port), timeout=1)
            started = time.monotonic()
            cut = False
            trickle = b"GET /api/search?q=lighthouse HTTP/1.1\r\nHost: nexus\r\nX-Slow: " + b"a" * 200
            try:
                for sent, byte in enumerate(trickle):
                    sock.send(bytes([byte]))
                    if sent == 20:
                        self.assertStillServes(server)
                    try:
                        if sock.recv(1024) == b"":
                            cut = True
                            break
                    except socket.timeout:
                        pass
                    if time.monotonic() - started > 10:
                        break
            except (BrokenPipeError, ConnectionResetError):
                cut = True
            finally:
                sock.close()
            elapsed = time.monotonic() - started
            self.assertTrue(cut, f"a client trickling its headers was still connected after {elapsed:.1f} s")
            self.assertLess(elapsed, 5)
            self.assertStillServes(server)

    def test_connections_beyond_the_per_address_cap_are_refused_and_other_addresses_still_served(self):
        with self.server("--max-connections-per-ip", "4", "--timeout", "20") as server:
            port = port_of(server)
            idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(4)]
            try:
                time.sleep(0.3)
                refused = get(port, "/api/search?q=lighthouse")
                self.assertIsNone(refused, "a fifth connection from one address was answered")
                self.assertStillServes(server, source="127.0.0.2")
            finally:
                for sock in idle:
                    sock.close()
            time.sleep(0.3)
            self.assertStillServes(server)

    def test_rate_limit_answers_429_with_retry_after_and_spares_other_addresses(self):
        with nx.Server(self.index, extra_args=["--rate-limit", "2/s", "--burst", "5"]) as server:
            port = port_of(server)
            answers = [get(port, "/api/search?q=lighthouse") for _ in range(8)]
            statuses = [a[0] for a in answers]
            self.assertEqual(statuses[:5], [200] * 5, statuses)
            self.assertIn(429, statuses[5:], statuses)
            limited = next(a for a in answers if a[0] == 429)
            message = self.assertJsonError(limited, 429, "over the rate limit")
            self.assertIn("too many requests", message)
            self.assertGreaterEqual(int(limited[1]["retry-after"]), 1)
            self.assertStillServes(server, source="127.0.0.2")
            time.sleep(int(limited[1]["retry-after"]))
            self.assertStillServes(server)

    def test_the_rate_limit_covers_the_metrics_and_changes_routes(self):
        # One bucket per address across every route: /metrics and /api/changes are no way around it.
        with nx.Server(self.index, extra_args=["--rate-limit", "1/s", "--burst", "2"]) as server:
            port = port_of(server)
            first = [get(port, t)[0] for t in ("/metrics", "/api/changes?since=2020-01-01")]
            self.assertEqual(first, [200, 200])
            for target in ("/metrics", "/api/changes?since=2020-01-01"):
                answers = [get(port, target) for _ in range(3)]
                limited = [a for a in answers if a[0] == 429]
                self.assertTrue(limited, f"{target}: {[a[0] for a in answers]}")
                self.assertJsonError(limited[0], 429, target)
                self.assertIn("retry-after", limited[0][1])

    def test_a_misbehaving_client_does_not_delay_a_well_behaved_one(self):
        with self.server("--timeout", "5") as server:
            port = port_of(server)
            stop = threading.Event()

            def flood():
                while not stop.is_set():
                    try:
                        get(port, "/api/search?q=" + "(" * 300 + "x")
                        get(port, "/%2e%2e/etc/passwd")
                    except OSError:
                        pass

            hogs = [socket.create_connection(("127.0.0.1", port)) for _ in range(8)]
            for sock in hogs:
                sock.send(b"GET / HTTP/1.1\r\n")
            flooders = [threading.Thread(target=flood, daemon=True) for _ in range(2)]
            for t in flooders:
                t.start()
            try:
                for _ in range(10):
                    started = time.monotonic()
                    self.assertStillServes(server, source="127.0.0.3")
                    self.assertLess(time.monotonic() - started, 1.0)
            finally:
                stop.set()
                for t in flooders:
                    t.join(5)
                for sock in hogs:
                    sock.close()


if __name__ == "__main__":
    unittest.main()
