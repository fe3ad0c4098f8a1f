"""An SMTP server for NotifiersTests: aiosmtpd on 127.0.0.1, a free port, every message
written to <out>/<n>.json. Prints "READY <port>" once it accepts connections.

Options: --auth USER:PASSWORD (AUTH required; PLAIN, LOGIN and CRAM-MD5 with the password as
secret), --exclude-auth MECH, --tls CERT KEY (STARTTLS offered and required), --smtps CERT KEY (TLS from the first byte),
--reply-rcpt ADDRESS=REPLY (answer RCPT TO:<ADDRESS> with REPLY, e.g. "451 4.3.0 busy").
"""
import argparse
import hashlib
import hmac
import json
import os
import socket
import ssl
import sys
import warnings

warnings.filterwarnings("ignore")

try:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword
except ImportError as error:
    print(f"MISSING aiosmtpd ({error}): install it with `pip install aiosmtpd`", flush=True)
    sys.exit(3)

CHALLENGE = b"<1896.697170952@vigil.test>"


class Sink:
    def __init__(self, out, rcpt_replies, credentials):
        self.out = out
        self.rcpt_replies = rcpt_replies
        self.credentials = credentials

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.rcpt_replies:
            return self.rcpt_replies[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        index = len(os.listdir(self.out))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.content.decode("utf-8", "replace"),
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
            "auth_user": session.auth_data.decode() if isinstance(session.auth_data, bytes) else
                         getattr(session.auth_data, "login", b"").decode() if session.auth_data else "",
        }
        path = os.path.join(self.out, f"{index}.json")
        with open(path + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(path + ".tmp", path)
        return "250 Message accepted for delivery"

    async def auth_CRAM__MD5(self, server, args):
        response = await server.challenge_auth(CHALLENGE)
        if not isinstance(response, bytes):
            return AuthResult(success=False, handled=False)
        user, _, digest = response.decode().partition(" ")
        password = self.credentials.get(user)
        expected = hmac.new(password.encode(), CHALLENGE, hashlib.md5).hexdigest() if password else None
        return AuthResult(success=digest == expected, handled=False, auth_data=user.encode())


def authenticator(credentials):
    def check(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user, password = auth_data.login.decode(), auth_data.password.decode()
            return AuthResult(success=credentials.get(user) == password, handled=False, auth_data=user.encode())
        return AuthResult(success=False, handled=False)
    return check


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--auth")
    parser.add_argument("--exclude-auth", action="append", default=[])
    parser.add_argument("--tls", nargs=2)
    parser.add_argument("--smtps", nargs=2)
    parser.add_argument("--reply-rcpt", action="append", default=[])
    args = parser.parse_args()

    credentials = dict([args.auth.split(":", 1)]) if args.auth else {}
    replies = dict(item.split("=", 1) for item in args.reply_rcpt)
    options = {}
    if args.auth:
        options.update(authenticator=authenticator(credentials), auth_required=True, auth_require_tls=False,
                       auth_exclude_mechanism=args.exclude_auth)
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls[0], args.tls[1])
        options.update(tls_context=context, require_starttls=True)
    if args.smtps:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.smtps[0], args.smtps[1])
        options.update(ssl_context=context)
    port = free_port()
    controller = Controller(Sink(args.out, replies, credentials), hostname="127.0.0.1", port=port,
                            server_hostname="vigil.test", **options)
    controller.start()
    print(f"READY {port}", flush=True)
    try:
        sys.stdin.read()  # runs until the test closes stdin or kills the process
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
