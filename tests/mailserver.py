"""A real SMTP server (aiosmtpd) on 127.0.0.1, started and stopped by a test
(the ``smtp`` fixture of tests/conftest.py), and helpers to read its mails.

Django's own SMTP backend talks to it, so a mail is counted when the server
has accepted it, exactly as a relay would. The server can be stopped and
started again on the same port, made slow, or made to refuse an address.
"""

import asyncio
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """The aiosmtpd handler: keeps every accepted mail; can refuse or stall."""

    def __init__(self):
        self.mails: list[EmailMessage] = []
        self.refuse: dict[str, str] = {}  # address -> SMTP reply
        self.slow_ehlo = 0.0
        self.slow_data = 0.0
        self.data_commands = 0  # transactions that reached DATA
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if self.slow_ehlo:
            await asyncio.sleep(self.slow_ehlo)
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_commands += 1
        if self.slow_data:
            # The client gives up first.
            await asyncio.sleep(self.slow_data)
        mail = message_from_bytes(envelope.content, policy=policy.default)
        mail["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self.lock:
            self.mails.append(mail)
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self):
        self.port = free_port()
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def mails(self) -> list[EmailMessage]:
        with self.inbox.lock:
            return list(self.inbox.mails)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.mails if m["X-Envelope-To"] == address]


def subject(mail: EmailMessage) -> str:
    # A long encoded subject is folded onto its own line: the unfolded value
    # starts with the folding space.
    return str(mail["Subject"]).strip()


def text_of(mail: EmailMessage) -> str:
    text = mail.get_body(preferencelist=("plain",)).get_content()
    return text.replace("\r\n", "\n")


def html_of(mail: EmailMessage) -> str:
    return mail.get_body(preferencelist=("html",)).get_content()


def calendar_of(mail: EmailMessage) -> str | None:
    for part in mail.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_content()
    return None
