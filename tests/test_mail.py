"""Sending the workbook: ``lkjip-excel kirim`` through a real SMTP server on loopback.

The servers are aiosmtpd controllers on 127.0.0.1 with a free port (bound to port 0), plain,
with AUTH, with STARTTLS and with implicit TLS on a certificate made here with
``cryptography``. What arrives is parsed back and compared with what was sent.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import random
import socket
import ssl
from decimal import Decimal
from email import policy
from email.parser import BytesParser
from pathlib import Path

import click
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from lkjip_excel import mail
from lkjip_excel.cli import LkjipGroup, cli
from lkjip_excel.commands_kirim import kirim_command
from lkjip_excel.engine.model import Hasil
from lkjip_excel.errors import MailError if False else None  # noqa: F401  (placeholder removed below)
