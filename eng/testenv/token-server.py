#!/usr/bin/env python3
"""token-server.py - minimal Docker registry v2 token service (the "Bearer realm" flow) for the
ContainerBuild test environment. Python stdlib only; signing uses the `openssl` CLI.

Issues RS256 JWTs that distribution 2.8 accepts (auth.token with rootcertbundle): the JWT header
carries the signing certificate in "x5c" (self-signed; the same cert is the registry's
rootcertbundle). Started by token-registry-up.sh on 127.0.0.1:5003.

  GET/POST /token?service=S&scope=repository:NAME:pull,push[&scope=...]
    Basic auth USER:PASS (CB_REG_USER/CB_REG_PASS, default testuser/testpass) -> all requested actions
    anonymous                                                                 -> only "pull"
    wrong credentials                                                         -> 401
  Response: {"token": JWT, "access_token": JWT, "expires_in": 300, "issued_at": ...}
  The OAuth2-style form POST (grant_type=password, username, password, service, scope) works too.
  Not implemented: refresh tokens (grant_type=refresh_token).

Usage: token-server.py PORT KEY.pem CERT.pem ISSUER     (listens on 127.0.0.1 only)
"""
import base64, datetime, json, os, secrets, subprocess, sys, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, KEY, CERT, ISSUER = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
USER = os.environ.get("CB_REG_USER", "testuser")
PASS = os.environ.get("CB_REG_PASS", "testpass")
TTL = 300


def b64url(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def cert_der_b64() -> str:
    pem = open(CERT).read()
    body = "".join(l for l in pem.splitlines() if l and not l.startswith("-----"))
    return body  # PEM body == standard base64 of the DER, which is what x5c wants


X5C = cert_der_b64()


def sign(data: bytes) -> bytes:
    return subprocess.run(["openssl", "dgst", "-sha256", "-sign", KEY], input=data,
                          stdout=subprocess.PIPE, check=True).stdout


def make_token(subject: str, service: str, access: list) -> str:
    now = int(time.time())
    header = {"typ": "JWT", "alg": "RS256", "x5c": [X5C]}
    claims = {"iss": ISSUER, "sub": subject, "aud": service, "exp": now + TTL, "nbf": now - 10,
              "iat": now, "jti": secrets.token_hex(16), "access": access}
    signing_input = b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + \
        b64url(json.dumps(claims, separators=(",", ":")).encode())
    return signing_input + "." + b64url(sign(signing_input.encode()))


def parse_scope(scope: str):
    # "repository:name/with/slashes:pull,push"  (name may contain ':' only via a port, not here)
    typ, rest = scope.split(":", 1)
    name, actions = rest.rsplit(":", 1)
    return typ, name, [a for a in actions.split(",") if a]


class H(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.log_date_time_string(), fmt % args))

    def _creds(self, form):
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            try:
                u, _, p = base64.b64decode(auth[6:]).decode().partition(":")
            except Exception:
                return ("", None)  # undecodable header: treated as wrong credentials
            return u, p
        if form.get("grant_type", [""])[0] == "password":
            return form.get("username", [""])[0], form.get("password", [""])[0]
        return None

    def _handle(self, form):
        url = urllib.parse.urlparse(self.path)
        if url.path != "/token":
            self.send_error(404); return
        q = urllib.parse.parse_qs(url.query)
        for k, v in form.items():
            q.setdefault(k, []).extend(v)
        service = q.get("service", [""])[0]
        creds = self._creds(form)
        if creds is not None and creds != (USER, PASS):
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"details":"incorrect username or password"}')
            return
        subject = creds[0] if creds else ""
        access = []
        for s in q.get("scope", []):
            for one in s.split(" "):
                if not one:
                    continue
                try:
                    typ, name, actions = parse_scope(one)
                except ValueError:
                    self.send_error(400, "bad scope"); return
                granted = actions if creds else [a for a in actions if a == "pull"]
                access.append({"type": typ, "name": name, "actions": granted})
        tok = make_token(subject, service, access)
        body = json.dumps({"token": tok, "access_token": tok, "expires_in": TTL,
                           "issued_at": datetime.datetime.now(datetime.timezone.utc).isoformat()}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self._handle({})

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0") or 0)
        self._handle(urllib.parse.parse_qs(self.rfile.read(n).decode()))


ThreadingHTTPServer(("127.0.0.1", PORT), H).serve_forever()
