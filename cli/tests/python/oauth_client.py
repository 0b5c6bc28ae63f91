#!/usr/bin/env python3
"""An independent OAuth 2.0 client of the OB 3.0 API, using only the documented contract
and the Python standard library: discovery -> dynamic registration -> authorization code
with PKCE S256 (the documented form POST of username, password and consent=allow) ->
token -> getCredentials (pull) -> upsertCredential (push) -> refresh -> revocation.

usage: oauth_client.py BASE_URL USERNAME PASSWORD CREDENTIAL.json
Prints one JSON object of what it saw; exits non-zero on the first surprise.
"""

import base64
import hashlib
import json
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request

OB = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
SCOPES = " ".join([OB + "credential.readonly", OB + "credential.upsert", "offline_access"])
REDIRECT = "http://127.0.0.1:1/callback"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def call(method, url, body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with OPENER.open(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def expect(condition, what):
    if not condition:
        print("FAILED: " + what, file=sys.stderr)
        sys.exit(1)


def basic(client):
    pair = client["client_id"] + ":" + client["client_secret"]
    return "Basic " + base64.b64encode(pair.encode()).decode()


def main():
    base, username, password, credential_path = sys.argv[1:5]
    seen = {}

    status, _, body = call("GET", base + "/ims/ob/v3p0/discovery")
    expect(status == 200, "discovery answers 200")
    scheme = json.loads(body)["components"]["securitySchemes"]["OAuth2ACG"]
    flow = scheme["flows"]["authorizationCode"]
    seen["scopes"] = sorted(flow["scopes"])

    registration = {
        "client_name": "Python stdlib client",
        "client_uri": "http://127.0.0.1/",
        "logo_uri": "http://127.0.0.1/logo.png",
        "tos_uri": "http://127.0.0.1/tos",
        "policy_uri": "http://127.0.0.1/privacy",
        "software_id": "python-oauth-client",
        "software_version": "1.0",
        "redirect_uris": [REDIRECT],
        "scope": SCOPES,
    }
    status, _, body = call("POST", scheme["x-imssf-registrationUrl"],
                           json.dumps(registration).encode(),
                           {"Content-Type": "application/json"})
    expect(status == 201, "registration answers 201, got %d %r" % (status, body))
    client = json.loads(body)

    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    state = secrets.token_urlsafe(16)
    form = urllib.parse.urlencode({
        "response_type": "code", "client_id": client["client_id"], "redirect_uri": REDIRECT,
        "scope": SCOPES, "state": state, "code_challenge": challenge,
        "code_challenge_method": "S256", "username": username, "password": password,
        "consent": "allow",
    }).encode()
    status, headers, _ = call("POST", flow["authorizationUrl"], form,
                              {"Content-Type": "application/x-www-form-urlencoded"})
    expect(status == 302, "authorization answers 302, got %d" % status)
    location = urllib.parse.urlparse(headers["Location"])
    expect(location.geturl().startswith(REDIRECT), "redirect to the registered URI")
    query = urllib.parse.parse_qs(location.query)
    expect(query["state"] == [state], "state is echoed")

    def token_request(fields):
        status, headers, body = call("POST", flow["tokenUrl"], urllib.parse.urlencode(fields).encode(),
                                     {"Content-Type": "application/x-www-form-urlencoded",
                                      "Authorization": basic(client)})
        expect(status == 200, "token endpoint answers 200, got %d %r" % (status, body))
        expect(headers.get("Cache-Control") == "no-store", "tokens are not cached")
        return json.loads(body)

    tokens = token_request({"grant_type": "authorization_code", "code": query["code"][0],
                            "redirect_uri": REDIRECT, "code_verifier": verifier,
                            "scope": SCOPES})
    expect(tokens["token_type"].lower() == "bearer", "a bearer token")
    bearer = {"Authorization": "Bearer " + tokens["access_token"]}
    credentials = base + "/ims/ob/v3p0/credentials"

    status, headers, body = call("GET", credentials + "?limit=10", headers=bearer)
    expect(status == 200, "pull answers 200")
    seen["total_before"] = int(headers["X-Total-Count"])

    with open(credential_path, "rb") as f:
        credential = f.read()
    status, _, body = call("POST", credentials, credential,
                           dict(bearer, **{"Content-Type": "application/json"}))
    expect(status in (200, 201), "push answers 200 or 201, got %d %r" % (status, body))
    expect(body == credential, "push echoes the credential")
    seen["push_status"] = status

    status, headers, body = call("GET", credentials + "?limit=1&offset=0", headers=bearer)
    expect(status == 200, "pull after push answers 200")
    page = json.loads(body)
    seen["total_after"] = int(headers["X-Total-Count"])
    seen["link"] = headers.get("Link", "")
    seen["first_id"] = page["credential"][0]["id"] if page["credential"] else None

    refreshed = token_request({"grant_type": "refresh_token",
                               "refresh_token": tokens["refresh_token"]})
    expect(refreshed["refresh_token"] != tokens["refresh_token"], "refresh tokens rotate")

    status, _, _ = call("POST", base + "/oauth/revoke",
                        urllib.parse.urlencode({"token": refreshed["access_token"],
                                                "token_type_hint": "access_token"}).encode(),
                        {"Content-Type": "application/x-www-form-urlencoded",
                         "Authorization": basic(client)})
    expect(status == 200, "revocation answers 200")
    status, _, _ = call("GET", credentials,
                        headers={"Authorization": "Bearer " + refreshed["access_token"]})
    seen["after_revoke"] = status
    print(json.dumps(seen, sort_keys=True))


if __name__ == "__main__":
    main()
