#!/usr/bin/python3
"""A real SMTP server for Guanxi's tests, built on aiosmtpd (Debian python3-aiosmtpd).

Listens on 127.0.0.1 at a free port, prints the port alone on the first line of
stdout, and saves every message it accepts to DIR/NNNNNN.json, decoded by
Python's own email package (so tests check the smtp provider's encoding with an
independent decoder):

    {"mail_from", "rcpt_tos", "login", "raw",
     "headers": {name: [decoded values]}, "subject", "from", "to", "message_id",
     "date", "content_type", "transfer_encoding", "body"}

Recipients whose local part starts with "reject" get 550, with "tempfail" 451.
With --user/--password, AUTH PLAIN/LOGIN is offered (without TLS) and required.
Exits on SIGTERM or when stdin closes (the test process is gone).
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import socket
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult


class Handler:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0]
        if local.startswith("reject"):
            return "550 5.1.1 No such user"
        if local.startswith("tempfail"):
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        headers = {}
        for name, value in msg.items():
            headers.setdefault(name.lower(), []).append(str(value))
        body = msg.get_content() if not msg.is_multipart() else None
        login = getattr(session.auth_data, "login", None)
        if isinstance(login, bytes):
            login = login.decode("utf-8", "replace")
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "login": login,
            "raw": raw.decode("utf-8", "replace"),
            "headers": headers,
            "subject": str(msg["Subject"]) if msg["Subject"] is not None else None,
            "from": str(msg["From"]) if msg["From"] is not None else None,
            "to": str(msg["To"]) if msg["To"] is not None else None,
            "message_id": str(msg["Message-ID"]) if msg["Message-ID"] is not None else None,
            "date": str(msg["Date"]) if msg["Date"] is not None else None,
            "content_type": msg.get_content_type(),
            "charset": msg.get_content_charset(),
            "transfer_encoding": str(msg["Content-Transfer-Encoding"] or ""),
            "body": body,
        }
        self.count += 1
        path = os.path.join(self.out_dir, "%06d.json" % self.count)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 OK queued"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    # "Requiring AUTH while not requiring TLS": deliberate, on loopback, in tests.
    warnings.simplefilter("ignore")
    handler = Handler(args.dir)
    kwargs = {"hostname": "localhost", "decode_data": False}
    if args.user:
        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = (auth_data.login.decode() == args.user and
                  auth_data.password.decode() == args.password)
            # handled=False: aiosmtpd itself answers 535 on failure.
            return AuthResult(success=ok, handled=False, auth_data=auth_data)
        kwargs.update(authenticator=authenticate, auth_required=True, auth_require_tls=False)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, **kwargs), sock=sock))
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    try:
        loop.add_reader(sys.stdin.fileno(),
                        lambda: loop.stop() if not os.read(sys.stdin.fileno(), 4096) else None)
    except (OSError, ValueError):
        pass  # stdin is not pollable (a file, /dev/null): rely on SIGTERM
    print(sock.getsockname()[1], flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
