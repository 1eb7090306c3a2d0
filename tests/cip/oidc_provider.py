"""A small but real OpenID Connect provider on loopback, for the single sign-on tests.

It serves discovery, JWKS, authorize and token endpoints over HTTP from a thread, signs ID
tokens with its own RSA key (RS256), checks the client's secret, the redirect URI and the
PKCE verifier, and hands out each code once. A test says who signs in (`sign_in_as`) and may
ask for one bad token (`next_token`): another issuer or audience, an expired one, an old
nonce, another key. Nothing on the application's side is mocked.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "cip-governance-test"
CLIENT_SECRET = "a-client-secret-for-the-loopback-provider"


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Person:
    subject: str
    name: str = "Alex Example"
    email: str = "alex@example.org"
    amr: list[str] = field(default_factory=lambda: ["pwd"])


class Provider:
    def __init__(self):
        self.key = _new_key()
        self.other_key = _new_key()  # never published
        self.kid = "test-key-1"
        self.person: Person | None = None
        self.tamper: dict = {}
        self.codes: dict[str, dict] = {}
        self.nonces: list[str] = []
        self.token_requests = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def sign_in_as(self, subject: str, **kwargs) -> Person:
        self.person = Person(subject, **kwargs)
        return self.person

    def next_token(self, **tamper):
        """Make the next ID token bad in one way: iss=, aud=, exp_offset= (seconds from
        now), nonce="previous" (the nonce of an earlier sign-in), key="other", alg="HS256",
        garbage=True (not a JWT at all)."""
        self.tamper = tamper

    # The endpoints.

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def authorize(self, query: dict) -> tuple[int, dict]:
        redirect_uri = query.get("redirect_uri", "")
        required = ("client_id", "redirect_uri", "state", "nonce", "code_challenge")
        if (
            any(not query.get(name) for name in required)
            or query["client_id"] != CLIENT_ID
            or query.get("response_type") != "code"
            or query.get("code_challenge_method") != "S256"
            or "openid" not in query.get("scope", "").split()
            or self.person is None
        ):
            return 400, {}
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "nonce": query["nonce"],
            "challenge": query["code_challenge"],
            "redirect_uri": redirect_uri,
            "person": self.person,
        }
        back = f"{redirect_uri}?{urlencode({'code': code, 'state': query['state']})}"
        return 302, {"Location": back}

    def token(self, form: dict) -> tuple[int, dict]:
        self.token_requests += 1
        grant = self.codes.pop(form.get("code", ""), None)  # a code is good once
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
        if challenge.decode() != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        return 200, {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 3600,
            "id_token": self._id_token(grant),
        }

    def _id_token(self, grant) -> str:
        tamper, self.tamper = self.tamper, {}
        person, now = grant["person"], int(time.time())
        nonce = grant["nonce"]
        if tamper.get("nonce") == "previous":
            nonce = self.nonces[-1]
        self.nonces.append(grant["nonce"])
        claims = {
            "iss": tamper.get("iss", self.issuer),
            "aud": tamper.get("aud", CLIENT_ID),
            "sub": person.subject,
            "iat": now,
            "exp": now + tamper.get("exp_offset", 600),
            "nonce": nonce,
            "amr": person.amr,
            "name": person.name,
            "email": person.email,
        }
        if tamper.get("garbage"):
            return "not-a-json-web-token"
        if tamper.get("alg") == "HS256":
            return jwt.encode(claims, CLIENT_SECRET, algorithm="HS256", headers={"kid": self.kid})
        key = self.other_key if tamper.get("key") == "other" else self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body=None, headers=None):
                data = json.dumps(body or {}).encode()
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._reply(200, provider.discovery())
                elif url.path == "/jwks":
                    self._reply(200, provider.jwks())
                elif url.path == "/authorize":
                    status, headers = provider.authorize(query)
                    self._reply(status, headers=headers)
                else:
                    self._reply(404)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                form = {k: v[0] for k, v in parse_qs(body).items()}
                if urlsplit(self.path).path == "/token":
                    self._reply(*provider.token(form))
                else:
                    self._reply(404)

        return Handler
